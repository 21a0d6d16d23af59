// Type-level checks of the SDK's public types (checked by `tsc`, never run): what a front-end
// writes compiles, and what it must not write does not. Imported by package name, so the same
// file is checked against the sources (tsconfig.json) and the built declarations
// (tsconfig.consumer.json, test/package.test.ts).
import {
  type ActionOutcome,
  ActionType,
  createClient,
  type ExecuteInput,
  type RouterInputs,
  type RouterOutputs,
} from "@trellis/sdk";

const client = createClient({ url: "http://127.0.0.1:3000", token: "t" });

// Typed `actions.execute` calls: test/consumer/consumer.ts (checked here
// with the sources, and against the packed package in a project outside the monorepo).
export const input: ExecuteInput = {
  type: "create_identity",
  params: { name: "Runner", category: "spiritual" },
};
// Only actions a user may invoke: the note taker's (system) and the coach's own are not offered.
type IsOffered<T extends string> = T extends ExecuteInput["type"] ? true : false;
export const userAction: IsOffered<"create_identity"> = true;
export const systemOnly: IsOffered<"add_user_note"> = false;
export const coachOnly: IsOffered<"mark_question_asked"> = false;
export async function typedApprove(pendingActionId: string): Promise<ActionOutcome> {
  await client.pending.approve.mutate({
    pendingActionId,
    type: ActionType.SUGGEST_I_AM_STATEMENT,
    // @ts-expect-error: not a param of suggest_i_am_statement.
    params: { category: "spiritual" },
  });
  // @ts-expect-error: edited params need the pending action's type.
  await client.pending.approve.mutate({ pendingActionId, params: { statement: "I am" } });
  return client.pending.approve.mutate({
    pendingActionId,
    type: ActionType.SUGGEST_I_AM_STATEMENT,
    params: { statement: "I am a runner" },
  });
}

export const sendInput: RouterInputs["chat"]["send"] = { message: "Hello" };
export type State = RouterOutputs["state"]["get"];
export const phase = (state: State): string => state.state.phase;
// @ts-expect-error: outputs are DTOs, not Prisma rows (no `version` column).
export const version = (state: State) => state.state.version;

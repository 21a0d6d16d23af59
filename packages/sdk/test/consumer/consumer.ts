// A front-end file in a project outside the monorepo (test/package.test.ts copies it there).
// Every `@ts-expect-error` fails the check if the SDK's types collapse to `any`.
import {
  type ActionOutcome,
  type ActionParamsInput,
  ActionType,
  createClient,
  errorData,
  type RouterOutputs,
  type StateDto,
} from "@trellis/sdk";

const client = createClient({ url: "http://127.0.0.1:3000", token: "t" });

export async function typedCalls(
  identityId: string,
  pendingActionId: string,
): Promise<ActionOutcome> {
  const params: ActionParamsInput<"accept_i_am_statement"> = { identityId };
  await client.actions.execute.mutate({ type: ActionType.ACCEPT_I_AM_STATEMENT, params });
  await client.actions.execute.mutate({
    type: ActionType.ACCEPT_I_AM_STATEMENT,
    // @ts-expect-error: params of another action.
    params: { note: "x" },
  });
  await client.actions.execute.mutate({
    type: ActionType.CREATE_IDENTITY,
    // @ts-expect-error: "nowhere" is not a category.
    params: { name: "Runner", category: "nowhere" },
  });
  await client.pending.approve.mutate({
    pendingActionId,
    type: ActionType.SUGGEST_I_AM_STATEMENT,
    params: { statement: "I am a runner" },
  });
  await client.pending.approve.mutate({
    pendingActionId,
    type: ActionType.SUGGEST_I_AM_STATEMENT,
    // @ts-expect-error: not a param of suggest_i_am_statement.
    params: { category: "spiritual" },
  });
  // @ts-expect-error: no such procedure.
  await client.chat.nothing.mutate({ message: "x" });
  // @ts-expect-error: the message is a string.
  await client.chat.send.mutate({ message: 42 });
  const state: StateDto = await client.state.get.query();
  // @ts-expect-error: outputs are DTOs, not database rows (no `version` column).
  void state.state.version;
  return client.actions.execute.mutate({
    type: ActionType.UPDATE_IDENTITY,
    params: { identityId, visualization: "At dawn" },
  });
}

export type HistoryPage = RouterOutputs["chat"]["history"];
export const phaseOf = (state: StateDto): string => state.state.phase;
export const codeOf = (error: unknown) => errorData(error)?.code;

// The four "accept" actions share one rule: move the identity to the step's done state, then
// make the oldest identity still pending that step the current one. Each action's file
// (actions/accept-*.ts) applies it to its step.
import type { ActionType } from "@trellis/actions";
import type { Handler } from "./handler.ts";
import {
  advanceCurrent,
  describeNext,
  findIdentity,
  lifecycleRank,
  STEPS,
  type Step,
} from "./identities.ts";

type AcceptAction =
  | "accept_identity_refinement"
  | "accept_identity_commitment"
  | "accept_i_am_statement"
  | "accept_identity_visualization";

/** The handler of accept action `T`, inferred from the handler's declared type. */
export function acceptStep<T extends AcceptAction & ActionType>(
  step: Step,
  label: string,
): Handler<T> {
  return async (ctx, params) => {
    const identity = await findIdentity(ctx, params.identityId);
    const done = STEPS[step].done;
    if (lifecycleRank(identity.state) < lifecycleRank(done)) {
      await ctx.tx.identity.update({ where: { id: identity.id }, data: { state: done } });
    }
    const next = await advanceCurrent(ctx, step);
    return {
      result: { identityId: identity.id, state: done, nextCurrentIdentityId: next?.id ?? null },
      summary: `Accepted the ${label} of '${identity.name}'.${describeNext(next)}`,
    };
  };
}

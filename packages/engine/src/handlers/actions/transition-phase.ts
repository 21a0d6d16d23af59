import { canTransition, type Phase } from "@trellis/actions";
import { ActionNotAllowedError } from "../../errors.ts";
import { updateCoachState } from "../coach-state.ts";
import type { HandlerContext } from "../context.ts";
import type { Handler } from "../handler.ts";
import { ARCHIVED, nextPending, type Step } from "../identities.ts";

/** Entering these phases makes the oldest identity still pending their step current. */
const STEP_OF_PHASE: Partial<Record<Phase, Step>> = {
  identity_refinement: "refinement",
  identity_commitment: "commitment",
  i_am_statement: "i_am",
};

export const transitionPhase: Handler<"transition_phase"> = async (ctx, params) => {
  const from = ctx.state.phase;
  const to = params.toPhase;
  if (!canTransition(from, to)) {
    throw new ActionNotAllowedError(ctx.actionType, `Cannot move from phase ${from} to ${to}`);
  }
  if (to === "identity_refinement") await acceptProposed(ctx);
  const step = STEP_OF_PHASE[to];
  const current = step ? ((await nextPending(ctx, step))?.id ?? null) : ctx.state.currentIdentityId;
  await updateCoachState(ctx, { phase: to, currentIdentityId: current });
  return {
    result: { fromPhase: from, toPhase: to, currentIdentityId: current },
    summary: `Moved from phase ${from} to ${to}`,
  };
};

/** Brainstormed identities are all taken into refinement. */
async function acceptProposed(ctx: HandlerContext): Promise<void> {
  await ctx.tx.identity.updateMany({
    where: { userId: ctx.userId, state: { in: ["proposed"], not: ARCHIVED } },
    data: { state: "accepted" },
  });
}

// Category focus during brainstorming: one identity per category, in the catalog's order.
import type { Handler } from "../handler.ts";

export const selectIdentityFocus: Handler<"select_identity_focus"> = async (ctx, params) => {
  await ctx.tx.coachState.update({
    where: { userId: ctx.userId },
    data: { identityFocus: params.category, version: { increment: 1 } },
  });
  return {
    result: { category: params.category },
    summary: `Focusing on category '${params.category}'`,
  };
};

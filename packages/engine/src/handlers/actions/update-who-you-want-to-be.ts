import type { Handler } from "../handler.ts";

export const updateWhoYouWantToBe: Handler<"update_who_you_want_to_be"> = async (ctx, params) => {
  await ctx.tx.coachState.update({
    where: { userId: ctx.userId },
    data: { whoYouWantToBe: params.items, version: { increment: 1 } },
  });
  return {
    result: { items: params.items },
    summary: `Who you want to be: ${params.items.length} items`,
  };
};

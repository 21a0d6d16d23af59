import type { Handler } from "../handler.ts";

export const updateWhoYouAre: Handler<"update_who_you_are"> = async (ctx, params) => {
  await ctx.tx.coachState.update({
    where: { userId: ctx.userId },
    data: { whoYouAre: params.items, version: { increment: 1 } },
  });
  return { result: { items: params.items }, summary: `Who you are: ${params.items.length} items` };
};

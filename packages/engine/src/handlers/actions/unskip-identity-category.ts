import type { Handler } from "../handler.ts";

export const unskipIdentityCategory: Handler<"unskip_identity_category"> = async (ctx, params) => {
  const skipped = ctx.state.skippedCategories.filter((c) => c !== params.category);
  await ctx.tx.coachState.update({
    where: { userId: ctx.userId },
    data: { skippedCategories: skipped, version: { increment: 1 } },
  });
  return {
    result: { category: params.category, skippedCategories: skipped },
    summary: `Category '${params.category}' is no longer skipped`,
  };
};

import { updateCoachState } from "../coach-state.ts";
import type { Handler } from "../handler.ts";

export const unskipIdentityCategory: Handler<"unskip_identity_category"> = async (ctx, params) => {
  const skipped = ctx.state.skippedCategories.filter((c) => c !== params.category);
  await updateCoachState(ctx, { skippedCategories: skipped });
  return {
    result: { category: params.category, skippedCategories: skipped },
    summary: `Category '${params.category}' is no longer skipped`,
  };
};

import { type IdentityCategory, identityCategories } from "@trellis/actions";
import { updateCoachState } from "../coach-state.ts";
import type { Handler } from "../handler.ts";

export const skipIdentityCategory: Handler<"skip_identity_category"> = async (ctx, params) => {
  const skipped = ctx.state.skippedCategories.includes(params.category)
    ? [...ctx.state.skippedCategories]
    : [...ctx.state.skippedCategories, params.category];
  // Skipping the focused category moves the focus on to the next one not skipped.
  const focus =
    ctx.state.identityFocus === params.category
      ? nextCategory(params.category, skipped)
      : ctx.state.identityFocus;
  await updateCoachState(ctx, { skippedCategories: skipped, identityFocus: focus });
  return {
    result: { category: params.category, skippedCategories: skipped },
    summary: `Skipped category '${params.category}'${focus ? `; focus is now '${focus}'` : ""}`,
  };
};

/** Brainstorming visits the categories in the catalog's order. */
function nextCategory(
  after: IdentityCategory,
  skipped: readonly IdentityCategory[],
): IdentityCategory | null {
  const start = identityCategories.indexOf(after);
  return identityCategories.slice(start + 1).find((c) => !skipped.includes(c)) ?? null;
}

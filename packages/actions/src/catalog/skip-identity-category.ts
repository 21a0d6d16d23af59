import { defineSkippedCategoriesChange } from "../define/skipped-categories.ts";

export const skipIdentityCategory = defineSkippedCategoriesChange({
  type: "skip_identity_category",
  title: "Skip identity category",
  icon: "skip-forward",
  description:
    "Record that the user wants to skip a category during brainstorming (no identity for it for " +
    "now). It can be undone with unskip_identity_category.",
  category: "The category to skip.",
});

import { defineSkippedCategoriesChange } from "../define/skipped-categories.ts";

export const unskipIdentityCategory = defineSkippedCategoriesChange({
  type: "unskip_identity_category",
  title: "Unskip identity category",
  icon: "undo-2",
  description: "Undo skip_identity_category: the category is open for brainstorming again.",
  category: "The category to reopen.",
});

import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields } from "../define/fields.ts";
import { identityCategorySchema } from "../domain/identity.ts";

export const unskipIdentityCategory = defineAction({
  type: "unskip_identity_category",
  title: "Unskip identity category",
  icon: "undo-2",
  description: "Undo skip_identity_category: the category is open for brainstorming again.",
  params: z.object({
    category: fields.category("The category to reopen."),
  }),
  result: z.object({
    category: identityCategorySchema,
    skippedCategories: z.array(identityCategorySchema).describe("All skipped categories now."),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: false, idempotent: true },
  phases: ["identity_brainstorming"],
});

import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields } from "../define/fields.ts";
import { identityCategorySchema } from "../domain/identity.ts";

export const skipIdentityCategory = defineAction({
  type: "skip_identity_category",
  title: "Skip identity category",
  icon: "skip-forward",
  description:
    "Record that the user wants to skip a category during brainstorming (no identity for it for " +
    "now). It can be undone with unskip_identity_category.",
  params: z.object({
    category: fields.category("The category to skip."),
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

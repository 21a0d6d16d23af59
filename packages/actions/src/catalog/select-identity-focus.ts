import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields } from "../define/fields.ts";
import { identityCategorySchema } from "../domain/identity.ts";

export const selectIdentityFocus = defineAction({
  type: "select_identity_focus",
  title: "Select identity focus",
  icon: "crosshair",
  description:
    "Set the category the conversation focuses on now (brainstorming goes through the categories " +
    "in order, one identity per category).",
  params: z.object({
    category: fields.category("The category to focus on."),
  }),
  result: z.object({
    category: identityCategorySchema,
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: false, idempotent: true },
  phases: ["identity_brainstorming", "brainstorming_review"],
});

import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields, resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";
import { stores } from "../define/stored-fields.ts";
import { limits } from "../limits.ts";

const updatableFields = ["name", "category", "iAmStatement", "visualization"] as const;

export const updateIdentity = defineAction({
  type: "update_identity",
  title: "Update identity",
  icon: "pencil",
  description:
    "Change some fields of one of the user's identities. Only the fields you set are changed; " +
    "set the others to null. Set at least one field.",
  params: z
    .object({
      identityId: ref.identity("The identity to update."),
      name: stores(
        "identity.name",
        fields.identityName("The new name: one or two words."),
      ).optional(),
      category: stores("identity.category", fields.category("The new category.")).optional(),
      // The coach proposes statements through suggest_i_am_statement, which the user confirms.
      iAmStatement: stores(
        "identity.iAmStatement",
        fields.statement('The new "I am …" statement.'),
      ).optional(),
      visualization: stores(
        "identity.visualization",
        z
          .string()
          .trim()
          .min(1)
          .max(limits.visualization)
          .describe("The new visualization: a vivid picture of the user living this identity."),
      ).optional(),
    })
    .refine((params) => updatableFields.some((field) => params[field] !== undefined), {
      // Worded without field names: the coach's view of these params leaves iAmStatement out.
      message: "Set at least one field to change besides identityId.",
    }),
  result: z.object({
    identityId: resultFields.id("The updated identity."),
    updatedFields: z.array(z.enum(updatableFields)).describe("The fields that were changed."),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: true, idempotent: true },
  phases: [
    "identity_brainstorming",
    "identity_refinement",
    "anything_missing",
    "identity_visualization",
  ],
});

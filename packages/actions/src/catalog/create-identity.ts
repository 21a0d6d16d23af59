import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields, resultFields } from "../define/fields.ts";

export const createIdentity = defineAction({
  type: "create_identity",
  title: "Create identity",
  icon: "sparkles",
  description:
    "Create a new identity for the user, in state `proposed`. If the user already has a " +
    "non-archived identity with the same name (ignoring case), nothing is created and the result " +
    "says so; use update_identity or add_identity_note for an existing identity instead.",
  params: z.object({
    name: fields.identityName(),
    category: fields.category("The category this identity belongs to."),
    note: fields
      .note("A first note about the identity, in the user's words where possible.")
      .optional(),
  }),
  result: z.object({
    identityId: resultFields.id("The new identity, or the existing one with the same name."),
    created: z.boolean().describe("False when an identity with the same name already existed."),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: false, idempotent: true },
  phases: ["identity_brainstorming", "anything_missing"],
});

import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const nestIdentity = defineAction({
  type: "nest_identity",
  title: "Nest identity",
  icon: "folder-input",
  description:
    "Fold one identity into another that encompasses it: the nested identity's notes are copied " +
    "to the parent (prefixed with its name) and the nested identity is archived. The user is " +
    "asked to confirm first. The two ids must differ.",
  params: z
    .object({
      nestedIdentityId: ref.identity("The identity to fold in (it will be archived)."),
      parentIdentityId: ref.identity("The identity that absorbs it."),
    })
    .refine((params) => params.nestedIdentityId !== params.parentIdentityId, {
      message: "nestedIdentityId and parentIdentityId must be different identities.",
      path: ["parentIdentityId"],
    }),
  result: z.object({
    parentIdentityId: resultFields.id("The identity that absorbed the other."),
    nestedIdentityId: resultFields.id("The archived identity."),
    notesCopied: z.number().int().min(0).describe("How many notes were copied to the parent."),
  }),
  invokers: ["coach", "user"],
  confirmation: true,
  phases: ["identity_commitment"],
});

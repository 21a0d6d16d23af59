import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields, resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const addIdentityNote = defineAction({
  type: "add_identity_note",
  title: "Add identity note",
  icon: "sticky-note",
  description:
    "Append a note to one of the user's identities: something the user said that shapes it. " +
    "A note identical to an existing one is not added twice.",
  params: z.object({
    identityId: ref.identity("The identity the note is about."),
    note: fields.note("The note, in the user's words where possible."),
  }),
  result: z.object({
    identityId: resultFields.id("The identity."),
    added: z.boolean().describe("False when the identity already had exactly this note."),
  }),
  invokers: ["coach", "user"],
  confirmation: false,
  effect: { destructive: false, idempotent: true },
  phases: [
    "identity_brainstorming",
    "identity_refinement",
    "anything_missing",
    "i_am_statement",
    "identity_visualization",
  ],
});

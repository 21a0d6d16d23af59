import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields, resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const updateUserNote = defineAction({
  type: "update_user_note",
  title: "Update user note",
  icon: "file-pen",
  description: "Rewrite a remembered fact about the user that has changed or was imprecise.",
  params: z.object({
    noteId: ref.userNote("The note to rewrite."),
    note: fields.note("The corrected fact, as one short self-contained sentence."),
  }),
  result: z.object({
    noteId: resultFields.id("The updated note."),
  }),
  invokers: ["system"],
  confirmation: false,
});

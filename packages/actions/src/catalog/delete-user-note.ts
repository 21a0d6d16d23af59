import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const deleteUserNote = defineAction({
  type: "delete_user_note",
  title: "Delete user note",
  icon: "trash-2",
  description: "Forget a remembered fact about the user that is no longer true or was wrong.",
  params: z.object({
    noteId: ref.userNote("The note to delete."),
  }),
  result: z.object({
    noteId: resultFields.id("The deleted note."),
  }),
  invokers: ["system"],
  confirmation: false,
});

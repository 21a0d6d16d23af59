import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { fields, resultFields } from "../define/fields.ts";

export const addUserNote = defineAction({
  type: "add_user_note",
  title: "Add user note",
  icon: "notebook-pen",
  description:
    "Remember a long-term fact about the user (family, work, health, preferences, goals) learned " +
    "from their latest message. One fact per note.",
  params: z.object({
    note: fields.note("The fact, as one short self-contained sentence."),
  }),
  result: z.object({
    noteId: resultFields.id("The new note."),
  }),
  // The background note taker alone maintains notes.
  invokers: ["system"],
  confirmation: false,
});

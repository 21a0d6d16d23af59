import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { questionKeySchema } from "../domain/questions.ts";

export const markQuestionAsked = defineAction({
  type: "mark_question_asked",
  title: "Mark question asked",
  icon: "message-circle-question",
  description:
    "Record that you have asked one of the get-to-know-you questions, so it is not asked again. " +
    "Marking a question twice is harmless.",
  params: z.object({
    question: questionKeySchema.describe("The question you asked."),
  }),
  result: z.object({
    question: questionKeySchema,
    alreadyAsked: z.boolean().describe("True when it had been marked before."),
  }),
  // Only the coach knows which question it just asked.
  invokers: ["coach"],
  confirmation: false,
  phases: ["get_to_know_you"],
});

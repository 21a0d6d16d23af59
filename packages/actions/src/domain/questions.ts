import { z } from "zod";
import { constants } from "./constants.ts";

/** The get-to-know-you questions the coach records as asked (`mark_question_asked`). */
export const QuestionKey = constants({
  BACKGROUND_UPBRINGING: "background_upbringing",
  FAMILY_STRUCTURE: "family_structure",
  WORK_LIVING: "work_living",
  HOBBIES_INTERESTS: "hobbies_interests",
  WHY_HERE_HOPES: "why_here_hopes",
});
export type QuestionKey = (typeof QuestionKey)[keyof typeof QuestionKey];

export const questionKeys: readonly QuestionKey[] = Object.freeze(Object.values(QuestionKey));

export const questionKeySchema = z.enum(QuestionKey);

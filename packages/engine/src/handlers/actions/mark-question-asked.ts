import { updateCoachState } from "../coach-state.ts";
import type { Handler } from "../handler.ts";

export const markQuestionAsked: Handler<"mark_question_asked"> = async (ctx, params) => {
  if (ctx.state.askedQuestions.includes(params.question)) {
    return {
      result: { question: params.question, alreadyAsked: true },
      summary: `Question '${params.question}' was already marked as asked`,
    };
  }
  const asked = [...ctx.state.askedQuestions, params.question];
  await updateCoachState(ctx, { askedQuestions: asked });
  return {
    result: { question: params.question, alreadyAsked: false },
    summary: `Marked question '${params.question}' as asked`,
  };
};

// A refused edit in words: the engine's field errors (from the params' schema) go next to
// their fields, and one sentence says what to do; never the error's name or the model's line
// ("Error: ActionValidationError - Invalid params (statement: Empty)").
import type { ActionOutcome } from "@trellis/sdk";

/** A failed outcome's problems by field (for the form), and a sentence for the rest. */
export function problemsOf(outcome: ActionOutcome): {
  fields: Record<string, string>;
  message: string;
} {
  if (outcome.status !== "failed") return { fields: {}, message: "" };
  const fields: Record<string, string> = {};
  for (const problem of outcome.error.fieldErrors ?? []) {
    const name = problem.path.split(".")[0] ?? problem.path;
    fields[name] ??= problem.message;
  }
  return {
    fields,
    message:
      Object.keys(fields).length > 0
        ? "Some values need a change: see the fields above."
        : "That did not work; nothing was changed. Try again, or edit the suggestion.",
  };
}

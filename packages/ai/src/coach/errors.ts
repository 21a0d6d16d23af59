import type { TurnErrorKind } from "@trellis/contract";
import { BudgetExceededError } from "../usage/budget.ts";

/** The kinds and the reason each reaches clients with: `turnErrorReasons` in the contract. */
export type CoachTurnErrorKind = TurnErrorKind;

/**
 * A turn that could not produce a reply. Unless the kind is `retryable` (some actions may have
 * committed; a retry applies exactly the rest), nothing was applied; the user message is kept.
 */
export class CoachTurnError extends Error {
  override readonly name = "CoachTurnError";
  readonly kind: CoachTurnErrorKind;

  constructor(kind: CoachTurnErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

/** Longest raw reply an InvalidOutputError keeps for the logs. */
const MAX_LOGGED_REPLY_CHARS = 16_000;

/**
 * The model's reply stayed unusable after the last attempt the invalid-output policy allows.
 * `rawReply` (the last reply, cut to 16 000 characters) and `problems` are for the server's
 * logs: they may hold anything the model wrote, so the API never sends them to a client.
 */
export class InvalidOutputError extends CoachTurnError {
  readonly rawReply: string;
  readonly problems: readonly string[];

  constructor(message: string, rawReply: string, problems: readonly string[]) {
    super("invalid_output", message);
    this.rawReply = rawReply.slice(0, MAX_LOGGED_REPLY_CHARS);
    this.problems = problems;
  }
}

/** The turn error for a model call that failed: a used-up budget, or the model itself. */
export function modelFailure(error: unknown): CoachTurnError {
  if (error instanceof BudgetExceededError) {
    return new CoachTurnError("budget_exceeded", `${error.message}; nothing was applied.`, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CoachTurnError("model_failed", `The coach model failed: ${message}`, {
    cause: error,
  });
}

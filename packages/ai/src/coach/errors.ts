import { BudgetExceededError } from "../usage/budget.ts";

export type CoachTurnErrorKind =
  | "invalid_input"
  | "model_failed"
  | "invalid_output"
  /** The same turn is in flight elsewhere and did not finish within the wait. */
  | "busy"
  /** The idempotency key belongs to a turn with another message. */
  | "key_reused"
  /** The client went away before the model answered; nothing was applied. */
  | "cancelled"
  /** A temporary database failure interrupted the turn; a retry with the key finishes it. */
  | "retryable"
  /** A usage budget is used up: the model was not called, nothing was applied. */
  | "budget_exceeded";

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

/** The turn error for a model call that failed: a used-up budget, or the model itself. */
export function modelFailure(error: unknown): CoachTurnError {
  if (error instanceof BudgetExceededError) {
    return new CoachTurnError("budget_exceeded", error.message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CoachTurnError("model_failed", `The coach model failed: ${message}`, {
    cause: error,
  });
}

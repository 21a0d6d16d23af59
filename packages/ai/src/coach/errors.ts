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

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
  | "retryable";

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

import type { TurnErrorKind } from "@trellis/contract";

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

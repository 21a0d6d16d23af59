export type CoachTurnErrorKind = "invalid_input" | "model_failed" | "invalid_output" | "busy";

/** A turn that could not produce a reply. Nothing was applied; the user message is kept. */
export class CoachTurnError extends Error {
  override readonly name = "CoachTurnError";
  readonly kind: CoachTurnErrorKind;

  constructor(kind: CoachTurnErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

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
  /** `chat.stop` stopped the turn before the model answered; nothing was applied. */
  | "stopped"
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

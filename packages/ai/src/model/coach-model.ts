import type { Phase } from "@trellis/actions";
import type { CoachSnapshot } from "../coach/snapshot.ts";
import type { ChatMessage } from "../providers/types.ts";

export interface CoachModelInput {
  phase: Phase;
  /** System prompt, recent conversation and the user's message (plus feedback on retries). */
  messages: readonly ChatMessage[];
  /** The state the prompt was built from; a scripted model reads it instead of the prose. */
  snapshot: CoachSnapshot;
  userMessage: string;
  /** 0 for the first call of a turn, then 1, 2 … when asked again after invalid output. */
  attempt: number;
  signal?: AbortSignal;
  /**
   * Asks for the reply as a stream: called with each piece of the raw reply text as it is
   * generated (their concatenation is what `respond` returns). Models that cannot stream
   * may ignore it.
   */
  onText?: (chunk: string) => void;
}

/**
 * A coach model in structured-output mode: it returns the raw text of its reply, which the
 * turn parses with the actions package (it may be invalid: that is the caller's job).
 */
export interface CoachModel {
  readonly name: string;
  respond(input: CoachModelInput): Promise<string>;
}

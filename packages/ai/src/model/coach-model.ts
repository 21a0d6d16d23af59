import type { Phase } from "@trellis/actions";
import type { CoachSnapshot } from "../coach/snapshot.ts";
import type { ChatMessage, ToolCall } from "../providers/types.ts";

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

/** A tool-calling turn's model input: the phase's tools are the model's to derive. */
export interface CoachToolsInput extends Omit<CoachModelInput, "attempt" | "onText"> {
  /** Upper bound on model calls (at least 1). */
  maxSteps: number;
  /**
   * Runs one tool call and returns the text the model sees. If it throws, the model is told
   * `Error: <name> - <message>` and goes on (unless `signal` was aborted).
   */
  executeTool(call: ToolCall): Promise<string>;
  /** Streams the model's text (every step's) as it arrives. */
  onText?: (chunk: string) => void;
}

export interface CoachToolsReply {
  /** The model's final text; empty when it stopped at the limit without one. */
  message: string;
  /** Model calls made. */
  steps: number;
}

/**
 * A coach model. In structured-output mode (`respond`) it returns the raw text of its reply,
 * which the turn parses with the actions package (it may be invalid: that is the caller's
 * job). In tool-calling mode (`callTools`) it calls the phase's tools, which the turn executes
 * as they come; a model without `callTools` answers in structured mode only.
 */
export interface CoachModel {
  readonly name: string;
  respond(input: CoachModelInput): Promise<string>;
  callTools?(input: CoachToolsInput): Promise<CoachToolsReply>;
}

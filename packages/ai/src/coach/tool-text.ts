import { limits, safeString } from "@trellis/actions";
import { TextDeltas } from "./message-deltas.ts";
import type { TurnEventSink } from "./turn-result.ts";

/**
 * A tool-calling turn's text as `message.delta`s (every step's text, in order; the result's
 * message is the last step's, which `turn.completed` carries), or nothing without a sink.
 */
export function textStream(events: TurnEventSink | undefined): {
  onText?: (chunk: string) => void;
} {
  if (!events) return {};
  const deltas = new TextDeltas((text) => events({ type: "message.delta", text }));
  return { onText: (chunk) => deltas.append(chunk) };
}

const storable = safeString().max(limits.message);

/**
 * A tool-calling turn's final text when it can be stored as the coach's message; "" when it
 * cannot (NUL, lone surrogates, too long): the turn then says what its actions did instead,
 * or, without any, fails as invalid output.
 */
export function storableText(text: string): string {
  return storable.safeParse(text).success ? text : "";
}

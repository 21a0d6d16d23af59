// The structured-output half of a turn: ask the model for the phase's JSON reply, streaming its
// words out as they come, and apply the invalid-output policy until the reply is usable.
import { type Phase, parseModelResponse, type RejectedAction } from "@trellis/actions";
import { inSpanSync } from "@trellis/tracing";
import type { CoachModel } from "../model/coach-model.ts";
import type { ChatMessage } from "../providers/types.ts";
import { CoachTurnError, InvalidOutputError, modelFailure } from "./errors.ts";
import type { InvalidOutputPolicy } from "./invalid-output-policy.ts";
import { MessageDeltas } from "./message-deltas.ts";
import type { CoachSnapshot } from "./snapshot.ts";
import type { TurnEventSink } from "./turn-events.ts";
import { aiTracer } from "./turn-scope.ts";

export interface StructuredAsk {
  model: CoachModel;
  policy: InvalidOutputPolicy;
  phase: Phase;
  messages: readonly ChatMessage[];
  snapshot: CoachSnapshot;
  userMessage: string;
  /** Aborts the model call (a stop, or a keyless client gone). */
  signal: AbortSignal | undefined;
  /** The turn's stop, to tell a stop from a client gone. */
  stop: AbortSignal | undefined;
  /** Receives `message.delta` and `turn.reasked`; without it the model is not streamed. */
  events: TurnEventSink | undefined;
}

export interface StructuredTurnReply {
  message: string;
  planned: ReturnType<typeof parseModelResponse>["planned"];
  rejected: RejectedAction[];
  attempts: number;
}

export async function askStructured(ask: StructuredAsk): Promise<StructuredTurnReply> {
  const conversation = [...ask.messages];
  for (let attempt = 1; ; attempt++) {
    const raw = await callModel(ask, conversation, attempt - 1);
    const parsed = inSpanSync(aiTracer, "coach.parse", { "trellis.attempt": attempt - 1 }, () =>
      parseModelResponse(ask.phase, raw),
    );
    const verdict = ask.policy.judge(parsed, raw, attempt);
    if (verdict.kind === "fail") throw verdict.error;
    if (verdict.kind === "reask") {
      conversation.push(...verdict.messages);
      ask.events?.({ type: "turn.reasked", problems: verdict.problems });
      continue;
    }
    // The policy accepts only a reply with a message; this keeps the loop finite regardless.
    if (parsed.message === null) {
      throw new InvalidOutputError("The coach model's reply has no message", raw, []);
    }
    return {
      message: parsed.message,
      planned: parsed.planned,
      rejected: parsed.rejected,
      attempts: attempt,
    };
  }
}

/** One model call; its words go out as `message.delta`s while it streams. */
async function callModel(
  ask: StructuredAsk,
  messages: readonly ChatMessage[],
  attempt: number,
): Promise<string> {
  const { events, signal } = ask;
  const deltas = events
    ? new MessageDeltas((text) => events({ type: "message.delta", text }))
    : undefined;
  try {
    return await ask.model.respond({
      phase: ask.phase,
      messages,
      snapshot: ask.snapshot,
      userMessage: ask.userMessage,
      attempt,
      ...(signal ? { signal } : {}),
      ...(deltas ? { onText: (chunk: string) => deltas.write(chunk) } : {}),
    });
  } catch (error) {
    if (ask.stop?.aborted) {
      throw new CoachTurnError("stopped", "The turn was stopped before the coach answered", {
        cause: error,
      });
    }
    if (signal?.aborted) {
      throw new CoachTurnError("cancelled", "The client went away before the coach answered", {
        cause: error,
      });
    }
    throw modelFailure(error);
  }
}

// The one shape of a turn's model part: a reply mode (structured replies, or tool calling) is
// a strategy that asks the model through `CoachModel`, lets the invalid-output policy decide
// what an unusable reply becomes, applies the actions through the engine, and ends with a
// `TurnEnding`; the turn builds its `TurnResult` from that ending, in one place (turn-end.ts).
import { actionInstructions, type Phase } from "@trellis/actions";
import type { Db, Prisma } from "@trellis/db";
import type { ActionEngine } from "@trellis/engine";
import { currentTraceIds } from "@trellis/tracing";
import type { CoachModel } from "../model/coach-model.ts";
import { renderTemplate } from "../prompts/template.ts";
import type { ChatMessage } from "../providers/types.ts";
import type { InvalidOutputPolicy } from "./invalid-output-policy.ts";
import { renderContext } from "./render-context.ts";
import type { CoachSnapshot } from "./snapshot.ts";
import type { TurnEnding } from "./turn-end.ts";
import type { TurnEventSink } from "./turn-events.ts";
import type { CoachMessageRow, TurnKey, TurnRecords, TurnStage } from "./turn-record.ts";

/** What the turn is made of, shared by its reply modes. */
export interface TurnParts {
  readonly db: Db;
  readonly engine: ActionEngine;
  readonly model: CoachModel;
  readonly policy: InvalidOutputPolicy;
  readonly records: TurnRecords;
}

/** What the request asked for, as a reply mode needs it. */
interface TurnAsk {
  userId: string;
  testScenarioId?: string | undefined;
  /** The turn's stop (`chat.stop`), to tell a stop from a client gone. */
  stop?: AbortSignal | undefined;
  events?: TurnEventSink | undefined;
}

/** What a turn's model call works from. */
export interface TurnInput {
  request: TurnAsk;
  text: string;
  snapshot: CoachSnapshot;
  prompt: { body: string; version: number };
  /** Aborts the model call: a stop, or a keyless client gone. */
  signal: AbortSignal | undefined;
}

export type OpenStage = Exclude<TurnStage, { stage: "done" }>;
/** A turn whose model part has not ended (tool mode: its coach message may exist). */
export type StartedStage = Extract<TurnStage, { stage: "started" }>;

export interface ReplyMode {
  /** The model part of a started turn, up to its applied actions. */
  reply(key: TurnKey, stage: StartedStage, input: TurnInput): Promise<TurnEnding>;
}

/**
 * What the model is sent: the phase's prompt with its context and the instructions for this
 * mode's actions, then the user's message.
 */
export function turnMessages(input: TurnInput, mode: "response_format" | "tools"): ChatMessage[] {
  const { prompt, snapshot } = input;
  const body = renderTemplate(prompt.body, renderContext(snapshot));
  return [
    { role: "system", content: `${body}\n\n${actionInstructions(snapshot.phase, mode)}` },
    { role: "user", content: input.text },
  ];
}

/**
 * A new coach message of this turn, in the turn's span: made before the transaction that
 * writes it, since inside it Prisma's span is the active one.
 */
export function coachMessageData(
  input: TurnInput,
  content: string,
): Prisma.ChatMessageUncheckedCreateInput {
  return { userId: input.request.userId, role: "coach", ...coachMessageRow(input, content) };
}

/** The same, as the turn's own statement writes it (turn-record.ts). */
export function coachMessageRow(input: TurnInput, content: string): CoachMessageRow {
  const phase: Phase = input.snapshot.phase;
  return { content, phase, promptVersion: input.prompt.version, ...currentTraceIds() };
}

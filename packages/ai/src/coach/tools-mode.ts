// The tool-calling reply mode: the coach message exists before the model is asked, each tool
// call is applied as it comes (its summary, or one-line error, goes back to the model) under
// a key derived from that message, and the model's last text becomes the message. Actions
// apply as the loop runs, so a model failure after some were applied ends the turn with those
// (nothing orphaned; a retry replays it); a turn resumed after some were applied ends with
// them rather than asking again, since the model would not know what it already did.
import { limits, type RejectedAction } from "@trellis/actions";
import type { ActionOutcome } from "@trellis/contract";
import { TransientDatabaseError } from "@trellis/engine";
import type { CoachModel, CoachToolsReply } from "../model/coach-model.ts";
import type { ToolCall } from "../providers/types.ts";
import { applyOne } from "./apply-actions.ts";
import { CoachTurnError } from "./errors.ts";
import type { ReplyMode, StartedStage, TurnInput, TurnParts } from "./reply-mode.ts";
import { coachMessageData, turnMessages } from "./reply-mode.ts";
import { storableText, textStream } from "./tool-text.ts";
import type { TurnEnding } from "./turn-end.ts";
import type { TurnKey } from "./turn-record.ts";

type CallTools = NonNullable<CoachModel["callTools"]>;

export class ToolsMode implements ReplyMode {
  readonly #parts: TurnParts;
  readonly #callTools: CallTools;

  constructor(parts: TurnParts) {
    const { model } = parts;
    if (!model.callTools) {
      throw new Error(`The coach model '${model.name}' cannot call tools (no callTools)`);
    }
    this.#parts = parts;
    this.#callTools = model.callTools.bind(model);
  }

  async reply(key: TurnKey, stage: StartedStage, input: TurnInput): Promise<TurnEnding> {
    const { engine } = this.#parts;
    let coachMessageId = stage.coachMessageId;
    if (coachMessageId !== undefined) {
      const applied = await engine.outcomesOf(key.userId, toolCallKeys(coachMessageId));
      if (applied.length > 0)
        return endToolTurn(this.#parts, key, stage.userMessageId, coachMessageId);
    } else {
      coachMessageId = await this.#openMessage(key, stage, input);
    }
    const loop = await this.#loop(coachMessageId, input);
    if (loop.databaseFailure !== null) throw loop.databaseFailure;
    const { outcomes, failure } = loop;
    if (failure !== null && input.signal?.aborted && outcomes.length === 0) {
      const kind = input.request.stop?.aborted ? "stopped" : "cancelled";
      await dropToolMessage(this.#parts, key, stage.userMessageId, coachMessageId, kind);
      throw new CoachTurnError(
        kind,
        kind === "stopped"
          ? "The turn was stopped before the coach answered"
          : "The client went away before the coach answered",
      );
    }
    const content = storableText(loop.reply?.message.trim() ?? "") || summaries(outcomes);
    if (content === "") {
      await dropToolMessage(this.#parts, key, stage.userMessageId, coachMessageId, "no reply");
      throw this.#parts.policy.emptyToolReply(failure);
    }
    // A model failure after actions were applied ends the turn with them: they stay, with
    // their message, and a retry replays this result instead of applying them again.
    return {
      userMessageId: stage.userMessageId,
      coachMessageId,
      actions: outcomes,
      rejected: loop.rejected,
      attempts: loop.reply?.steps ?? 0,
      stored: null,
      finalText: content,
    };
  }

  /** The coach message the calls hang on, empty until the loop ends; the record names it. */
  async #openMessage(key: TurnKey, stage: StartedStage, input: TurnInput): Promise<string> {
    const { db, records } = this.#parts;
    const data = coachMessageData(input, "");
    return db.prisma.$transaction(async (tx) => {
      const coach = await tx.chatMessage.create({ data, select: { id: true } });
      await records.advance(tx, key, {
        stage: "started",
        userMessageId: stage.userMessageId,
        coachMessageId: coach.id,
      });
      return coach.id;
    });
  }

  /** The model's tool loop; a failure is returned, not thrown, with what was applied before. */
  async #loop(coachMessageId: string, input: TurnInput) {
    const { engine, policy } = this.#parts;
    const { request, snapshot, text } = input;
    const outcomes: ActionOutcome[] = [];
    const rejected: RejectedAction[] = [];
    // Stops the loop when the database fails under it (and when a keyless client is gone).
    const stop = new AbortController();
    const signals = input.signal ? [stop.signal, input.signal] : [stop.signal];
    const stopped: { by: TransientDatabaseError | null } = { by: null };
    const executeTool = async (call: ToolCall): Promise<string> => {
      const over = policy.overCap(outcomes.length, outcomes.length + rejected.length, call.name);
      if (over !== null) {
        rejected.push(over.rejected);
        return over.toolOutput;
      }
      try {
        // The engine validates (null → absent, phase, ownership) and audits every call.
        const outcome = await applyOne(
          engine,
          {
            userId: request.userId,
            type: call.name,
            params: parseArguments(call.arguments),
            invoker: "coach",
            chatMessageId: coachMessageId,
            idempotencyKey: toolCallKey(coachMessageId, outcomes.length),
            ...(request.testScenarioId ? { testScenarioId: request.testScenarioId } : {}),
          },
          request.events,
        );
        outcomes.push(outcome);
        return outcome.summary;
      } catch (error) {
        if (error instanceof TransientDatabaseError) {
          stopped.by = error;
          stop.abort();
        }
        throw error;
      }
    };
    let reply: CoachToolsReply | null = null;
    let failure: unknown = null;
    try {
      reply = await this.#callTools({
        phase: snapshot.phase,
        messages: turnMessages(input, "tools"),
        snapshot,
        userMessage: text,
        maxSteps: policy.maxToolSteps,
        executeTool,
        signal: AbortSignal.any(signals),
        ...textStream(request.events),
      });
    } catch (error) {
      failure = error;
    }
    return { reply, failure, outcomes, rejected, databaseFailure: stopped.by };
  }
}

/** Ends a tool turn from the actions it applied before it stopped (resume or recovery). */
export async function endToolTurn(
  parts: Pick<TurnParts, "db" | "engine" | "records">,
  key: TurnKey,
  userMessageId: string,
  coachMessageId: string,
): Promise<TurnEnding> {
  const outcomes = await parts.engine.outcomesOf(key.userId, toolCallKeys(coachMessageId));
  if (outcomes.length === 0) {
    await dropToolMessage(parts, key, userMessageId, coachMessageId, "interrupted");
    throw new CoachTurnError("model_failed", "The turn stopped before the coach answered");
  }
  const coach = await parts.db.prisma.chatMessage.findUniqueOrThrow({
    where: { id: coachMessageId },
  });
  return {
    userMessageId,
    coachMessageId,
    actions: outcomes,
    rejected: [],
    attempts: 0,
    stored: null,
    finalText: coach.content || summaries(outcomes),
  };
}

/** Deletes a tool turn's coach message that carries no action, with the turn interrupted. */
async function dropToolMessage(
  parts: Pick<TurnParts, "db" | "records">,
  key: TurnKey,
  userMessageId: string,
  coachMessageId: string,
  reason: string,
): Promise<void> {
  await parts.db.prisma.$transaction(async (tx) => {
    await tx.chatMessage.deleteMany({ where: { id: coachMessageId } });
    await parts.records.advance(tx, key, { stage: "interrupted", userMessageId, reason });
  });
}

function summaries(outcomes: readonly ActionOutcome[]): string {
  return outcomes.map((o) => o.summary).join("\n");
}

/** The idempotency key of a tool turn's n-th executed call. */
function toolCallKey(coachMessageId: string, index: number): string {
  return `turn:${coachMessageId}:${index}`;
}

/** Every key a tool turn can have used (it executes at most `actionsPerResponse` calls). */
function toolCallKeys(coachMessageId: string): string[] {
  return Array.from({ length: limits.actionsPerResponse }, (_, index) =>
    toolCallKey(coachMessageId, index),
  );
}

/** Tool arguments are JSON text; anything unparsable reaches the engine as-is and fails validation. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

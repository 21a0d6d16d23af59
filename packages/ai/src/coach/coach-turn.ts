// The coach turn (`chat.send`): store the user message → build the phase prompt → call the
// model → parse, asking again with the precise problems (bounded) → store the coach message
// and the planned actions → apply them in order through the engine → return message,
// per-action outcomes, component and new state.
//
// Exactly once: every turn has a record (TurnRecord) under an idempotency key, the client's or
// one the server makes up. One request at a time owns it (a renewed lease); a retry of a turn
// in flight waits for its result, and a turn whose owner stopped (error, crash) is resumed
// from its last stage: the user message is not stored twice, the model is not asked again
// once actions were planned, and each planned action carries its own idempotency key, so the
// engine applies none of them twice. `recoverInterrupted` finishes turns nobody came back for.
import { randomUUID } from "node:crypto";
import {
  actionInstructions,
  limits,
  type Phase,
  type RejectedAction,
  toolDefinitions,
} from "@trellis/actions";
import type { ActionOutcome, TurnResult } from "@trellis/contract";
import { type Db, isUniqueViolation } from "@trellis/db";
import {
  type ActionEngine,
  currentTraceIds,
  isTransientDatabaseError,
  TransientDatabaseError,
  toJson,
} from "@trellis/engine";
import type { CoachModel } from "../model/coach-model.ts";
import type { PromptStore } from "../prompts/prompt-store.ts";
import { renderTemplate } from "../prompts/template.ts";
import type { ModelProvider, ToolCall } from "../providers/types.ts";
import { applyInOrder, applyOne } from "./apply-actions.ts";
import { componentOf } from "./component.ts";
import { CoachTurnError, modelFailure } from "./errors.ts";
import { type InvalidOutputOptions, InvalidOutputPolicy } from "./invalid-output-policy.ts";
import { renderContext } from "./render-context.ts";
import { type CoachSnapshot, loadSnapshot } from "./snapshot.ts";
import { isRejected, replay } from "./stored-result.ts";
import { askStructured } from "./structured-reply.ts";
import { storableText, textStream } from "./tool-text.ts";
import { inTurnScope } from "./turn-scope.ts";
import {
  type PlannedStage,
  requestHash,
  type TurnKey,
  type TurnRecordOptions,
  TurnRecords,
  type TurnStage,
  turnStage,
} from "./turn-record.ts";
import type { TurnEventSink } from "./turn-events.ts";
import { loadTurnState } from "./turn-state.ts";

/** What `chat.send` accepts (the SDK exports the same limit for message boxes). */
export const MAX_USER_MESSAGE_CHARS = limits.userMessage;

export interface TurnRequest {
  userId: string;
  message: string;
  /** The client's key for retries; without one the server makes one up (not retryable). */
  idempotencyKey?: string;
  /** Use this prompt version instead of the phase's active one (prompt testing). */
  promptVersion?: number;
  testScenarioId?: string;
  /**
   * Aborted when the client is gone. It cancels a turn still waiting for the model only when
   * the client gave no idempotency key (nobody can come back for the result); a turn that has
   * started applying its actions always completes.
   */
  signal?: AbortSignal;
  /**
   * A stop (`chat.stop`): cancels the turn while it waits for or streams from the model,
   * whatever the key (the model call is aborted, nothing is applied, the record says
   * `stopped`). Once the reply is complete, the turn completes.
   */
  stop?: AbortSignal;
  /** Receives the turn's events as they happen (`chat.stream`); `chat.send` passes none. */
  events?: TurnEventSink;
}

export interface NoteTakerQueue {
  enqueue(job: { userId: string; messageId: string }): Promise<void>;
}

export interface CoachTurnOptions {
  db: Db;
  engine: ActionEngine;
  prompts: PromptStore;
  model: CoachModel;
  /** What an invalid structured reply leads to (attempts, feedback, the last attempt). */
  invalidOutput?: InvalidOutputOptions;
  noteTaker?: NoteTakerQueue;
  onBackgroundError?: (error: unknown) => void;
  /**
   * Tool-calling mode instead of structured outputs: each tool call is executed as it comes
   * and its summary (or one-line error) goes back to the model, for at most `maxSteps` model
   * calls and `limits.actionsPerResponse` executed calls. Actions apply as the loop runs, so
   * when the model fails after some were applied, the turn ends with those (nothing orphaned,
   * a retry replays it).
   */
  tools?: { provider: ModelProvider; maxSteps?: number };
  /** Lease and wait of the turn records (defaults: 30 s lease, 15 s wait for a turn in flight). */
  records?: TurnRecordOptions;
}

/** What a turn's model call works from. */
interface TurnInput {
  request: TurnRequest;
  text: string;
  snapshot: CoachSnapshot;
  prompt: { body: string; version: number };
  /** Aborts the model call: a stop, or a keyless client gone. */
  signal: AbortSignal | undefined;
}

type OpenStage = Exclude<TurnStage, { stage: "done" }>;

export class CoachTurn {
  readonly #db: Db;
  readonly #engine: ActionEngine;
  readonly #prompts: PromptStore;
  readonly #model: CoachModel;
  readonly #policy: InvalidOutputPolicy;
  readonly #noteTaker: NoteTakerQueue | undefined;
  readonly #onBackgroundError: (error: unknown) => void;
  readonly #tools: CoachTurnOptions["tools"];
  readonly #records: TurnRecords;

  constructor(options: CoachTurnOptions) {
    this.#db = options.db;
    this.#engine = options.engine;
    this.#prompts = options.prompts;
    this.#model = options.model;
    this.#policy = new InvalidOutputPolicy(options.invalidOutput);
    this.#noteTaker = options.noteTaker;
    this.#onBackgroundError = options.onBackgroundError ?? (() => {});
    this.#tools = options.tools;
    this.#records = new TurnRecords(options.db, options.records);
  }

  async send(request: TurnRequest): Promise<TurnResult> {
    const text = request.message.trim();
    if (text === "") throw new CoachTurnError("invalid_input", "The message is empty");
    if (text.length > MAX_USER_MESSAGE_CHARS) {
      throw new CoachTurnError(
        "invalid_input",
        `The message is longer than ${MAX_USER_MESSAGE_CHARS} characters`,
      );
    }
    const clientKey = request.idempotencyKey;
    const key: TurnKey = {
      userId: request.userId,
      idempotencyKey: clientKey ?? `auto:${randomUUID()}`,
    };
    const hash = requestHash({
      message: text,
      promptVersion: request.promptVersion,
      testScenarioId: request.testScenarioId,
    });
    const snapshot = await loadSnapshot(this.#db, request.userId);
    const prompt = await this.#prompts.forPhase(snapshot.phase, request.promptVersion);

    let stage: OpenStage;
    let turnId: string;
    let fresh = false;
    try {
      const created = await this.#db.prisma.$transaction(async (tx) => {
        const message = await tx.chatMessage.create({
          data: { userId: request.userId, role: "user", content: text, phase: snapshot.phase },
          select: { id: true },
        });
        const id = await this.#records.create(tx, key, hash, {
          stage: "started",
          userMessageId: message.id,
        });
        return { turnId: id, userMessageId: message.id };
      });
      stage = { stage: "started", userMessageId: created.userMessageId };
      turnId = created.turnId;
      fresh = true;
    } catch (error) {
      // The key exists: the first request's result, its unfinished turn, or a wait for it.
      if (clientKey === undefined || !isUniqueViolation(error)) throw error;
      const claim = await this.#records.claimExisting(key, hash);
      if (claim.kind === "done") {
        const result = replay(claim.result);
        request.events?.({
          type: "turn.started",
          turnId: claim.turnId,
          userMessageId: result.userMessageId,
        });
        return result;
      }
      stage = claim.stage;
      turnId = claim.turnId;
    }
    request.events?.({ type: "turn.started", turnId, userMessageId: stage.userMessageId });

    const aborts = [
      ...(request.stop ? [request.stop] : []),
      ...(clientKey === undefined && request.signal ? [request.signal] : []),
    ];
    const input: TurnInput = {
      request,
      text,
      snapshot,
      prompt,
      signal: aborts.length > 0 ? AbortSignal.any(aborts) : undefined,
    };
    const lease = this.#records.keepAlive(key, this.#onBackgroundError);
    try {
      // Model calls inside are recorded in the usage ledger under this turn, in its span.
      const scope = {
        userId: request.userId,
        purpose: "coach" as const,
        turnId: stage.userMessageId,
        phase: snapshot.phase,
        promptVersion: prompt.version,
      };
      const result = await inTurnScope(scope, () => this.#run(key, stage, input));
      if (fresh) this.#takeNotes(request.userId, result.userMessageId);
      return result;
    } catch (error) {
      throw await this.#abandon(key, error, clientKey !== undefined);
    } finally {
      lease.stop();
    }
  }

  /**
   * Finishes turns whose owner stopped without finishing them (a crash, a failed database)
   * and that no client retried: planned actions are applied, tool turns that applied actions
   * end with those, and turns the model never answered are marked interrupted (a client's
   * retry with the key asks the model again). Returns how many turns it handled.
   */
  async recoverInterrupted(limit = 20): Promise<number> {
    let handled = 0;
    for (const row of await this.#records.unowned(limit)) {
      const { stage } = row;
      if (stage.stage === "done") continue;
      const key: TurnKey = { userId: row.userId, idempotencyKey: row.idempotencyKey };
      if (!(await this.#records.takeOver(key, row.leaseUntil))) continue;
      const lease = this.#records.keepAlive(key, this.#onBackgroundError);
      try {
        if (stage.stage === "planned") {
          await this.#apply(key, stage, null);
        } else if (stage.stage === "started" && stage.coachMessageId !== undefined) {
          await this.#endToolTurn(key, stage.userMessageId, stage.coachMessageId);
        } else {
          await this.#markInterrupted(key, stage, "The server stopped before the model answered");
        }
        handled++;
      } catch (error) {
        this.#onBackgroundError(await this.#abandon(key, error, true));
      } finally {
        lease.stop();
      }
    }
    return handled;
  }

  async #run(key: TurnKey, stage: OpenStage, input: TurnInput): Promise<TurnResult> {
    if (this.#tools) return this.#runTools(key, stage, input, this.#tools);
    if (stage.stage === "planned") return this.#apply(key, stage, null, input.request.events);
    const { request, snapshot, prompt, text } = input;
    const phase = snapshot.phase;
    const system = `${renderTemplate(prompt.body, renderContext(snapshot))}\n\n${actionInstructions(phase)}`;
    const reply = await askStructured({
      model: this.#model,
      policy: this.#policy,
      phase,
      messages: [
        { role: "system", content: system },
        { role: "user", content: text },
      ],
      snapshot,
      userMessage: text,
      signal: input.signal,
      stop: request.stop,
      events: request.events,
    });
    // From here on the turn completes even if its client is gone.
    const traceIds = currentTraceIds(); // the turn's span (Prisma's is active in the transaction)
    const plan = await this.#db.prisma.$transaction(async (tx) => {
      const coach = await tx.chatMessage.create({
        data: {
          userId: request.userId,
          role: "coach",
          content: reply.message,
          phase,
          promptVersion: prompt.version,
          ...traceIds,
        },
      });
      const planned: PlannedStage = {
        stage: "planned",
        userMessageId: stage.userMessageId,
        coachMessageId: coach.id,
        // As the model sent them: the engine's parse is then the only one (transforms once).
        actions: reply.planned.map((call) => ({ type: call.type, params: toJson(call.params) })),
        rejected: reply.rejected.map((r) => toJson(r)),
        attempts: reply.attempts,
        ...(request.testScenarioId ? { testScenarioId: request.testScenarioId } : {}),
      };
      await this.#records.advance(tx, key, planned);
      return planned;
    });
    return this.#apply(
      key,
      plan,
      { id: plan.coachMessageId, content: reply.message, phase, promptVersion: prompt.version },
      request.events,
    );
  }

  /**
   * Applies a planned turn's actions (those that committed before are replayed by their keys,
   * not applied again) and records the result. `stored` is the coach message when this call
   * wrote it; a resumed turn reads it back.
   */
  async #apply(
    key: TurnKey,
    plan: PlannedStage,
    stored: { id: string; content: string; phase: Phase; promptVersion: number } | null,
    events?: TurnEventSink,
  ): Promise<TurnResult> {
    const actions = await applyInOrder(
      this.#engine,
      plan.actions.map((action, index) => ({
        userId: key.userId,
        type: action.type,
        params: action.params,
        invoker: "coach" as const,
        chatMessageId: plan.coachMessageId,
        idempotencyKey: `turn:${plan.coachMessageId}:${index}`,
        ...(plan.testScenarioId ? { testScenarioId: plan.testScenarioId } : {}),
      })),
      events,
    );
    const component = componentOf(actions);
    const componentJson = component ? toJson(component) : null;
    // Without a component there is nothing to write, and nothing to read back unless resumed.
    const coach =
      componentJson === null && stored !== null
        ? stored
        : await this.#db.prisma.chatMessage.update({
            where: { id: plan.coachMessageId },
            data: componentJson === null ? {} : { component: componentJson },
          });
    const state = await loadTurnState(this.#db, key.userId);
    const result: TurnResult = {
      userMessageId: plan.userMessageId,
      coachMessage: {
        id: coach.id,
        content: coach.content,
        component,
        phase: coach.phase ?? state.phase,
        promptVersion: coach.promptVersion ?? 0,
      },
      actions,
      rejected: plan.rejected.flatMap((r) => (isRejected(r) ? [r] : [])),
      attempts: plan.attempts,
      state,
      replayed: false,
    };
    await this.#records.advance(this.#db.prisma, key, { stage: "done", result: toJson(result) });
    return result;
  }

  async #runTools(
    key: TurnKey,
    stage: OpenStage,
    input: TurnInput,
    tools: NonNullable<CoachTurnOptions["tools"]>,
  ): Promise<TurnResult> {
    if (stage.stage === "planned") return this.#apply(key, stage, null, input.request.events);
    const { request, snapshot, prompt, text } = input;
    const phase = snapshot.phase;
    let coachId = stage.stage === "started" ? stage.coachMessageId : undefined;
    if (coachId !== undefined) {
      // Resumed after some tool calls may have run: end with those rather than asking again,
      // since the model would not know what it already did.
      const applied = await this.#engine.outcomesOf(key.userId, toolCallKeys(coachId));
      if (applied.length > 0) return this.#endToolTurn(key, stage.userMessageId, coachId);
    } else {
      const traceIds = currentTraceIds();
      coachId = await this.#db.prisma.$transaction(async (tx) => {
        const coach = await tx.chatMessage.create({
          data: {
            userId: request.userId,
            role: "coach",
            content: "",
            phase,
            promptVersion: prompt.version,
            ...traceIds,
          },
          select: { id: true },
        });
        await this.#records.advance(tx, key, {
          stage: "started",
          userMessageId: stage.userMessageId,
          coachMessageId: coach.id,
        });
        return coach.id;
      });
    }
    const coachMessageId = coachId;
    const system = `${renderTemplate(prompt.body, renderContext(snapshot))}\n\n${actionInstructions(phase, "tools")}`;
    const outcomes: ActionOutcome[] = [];
    const rejected: RejectedAction[] = [];
    // Stops the loop when the database fails under it (and when a keyless client is gone).
    const stop = new AbortController();
    const signals = input.signal ? [stop.signal, input.signal] : [stop.signal];
    const stopped: { by: TransientDatabaseError | null } = { by: null };
    let reply: Awaited<ReturnType<ModelProvider["toolLoop"]>> | null = null;
    let failure: unknown = null;
    try {
      reply = await tools.provider.toolLoop({
        messages: [
          { role: "system", content: system },
          { role: "user", content: text },
        ],
        tools: toolDefinitions(phase),
        maxSteps: tools.maxSteps ?? 8,
        signal: AbortSignal.any(signals),
        ...textStream(request.events),
        executeTool: async (call) => {
          const calls = outcomes.length + rejected.length;
          if (outcomes.length >= limits.actionsPerResponse) {
            rejected.push(overCap(calls, call));
            return `Error: TooManyActions - at most ${limits.actionsPerResponse} actions per turn; this call was not executed`;
          }
          try {
            // The engine validates (null → absent, phase, ownership) and audits every call.
            const outcome = await applyOne(
              this.#engine,
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
        },
      });
    } catch (error) {
      failure = error;
    }
    if (stopped.by !== null) throw stopped.by;
    if (failure !== null && input.signal?.aborted && outcomes.length === 0) {
      const kind = request.stop?.aborted ? "stopped" : "cancelled";
      await this.#dropToolMessage(key, stage.userMessageId, coachMessageId, kind);
      throw new CoachTurnError(
        kind,
        kind === "stopped"
          ? "The turn was stopped before the coach answered"
          : "The client went away before the coach answered",
      );
    }
    const content =
      storableText(reply?.message.trim() ?? "") || outcomes.map((o) => o.summary).join("\n") || "";
    if (content === "") {
      await this.#dropToolMessage(key, stage.userMessageId, coachMessageId, "no reply");
      if (failure !== null) throw modelFailure(failure);
      throw new CoachTurnError(
        "invalid_output",
        "The coach model replied with neither text nor actions",
      );
    }
    // A model failure after actions were applied ends the turn with them: they stay, with
    // their message, and a retry replays this result instead of applying them again.
    return this.#finishTools(key, stage.userMessageId, coachMessageId, {
      content,
      outcomes,
      rejected,
      attempts: reply?.steps ?? 0,
      phase,
      promptVersion: prompt.version,
    });
  }

  /** Ends a tool turn from the actions it applied before it stopped (resume or recovery). */
  async #endToolTurn(key: TurnKey, userMessageId: string, coachMessageId: string) {
    const outcomes = await this.#engine.outcomesOf(key.userId, toolCallKeys(coachMessageId));
    if (outcomes.length === 0) {
      await this.#dropToolMessage(key, userMessageId, coachMessageId, "interrupted");
      throw new CoachTurnError("model_failed", "The turn stopped before the coach answered");
    }
    const coach = await this.#db.prisma.chatMessage.findUniqueOrThrow({
      where: { id: coachMessageId },
    });
    const state = await loadTurnState(this.#db, key.userId);
    return this.#finishTools(key, userMessageId, coachMessageId, {
      content: coach.content || outcomes.map((o) => o.summary).join("\n"),
      outcomes,
      rejected: [],
      attempts: 0,
      phase: coach.phase ?? state.phase,
      promptVersion: coach.promptVersion ?? 0,
    });
  }

  async #finishTools(
    key: TurnKey,
    userMessageId: string,
    coachMessageId: string,
    turn: {
      content: string;
      outcomes: ActionOutcome[];
      rejected: RejectedAction[];
      attempts: number;
      phase: string;
      promptVersion: number;
    },
  ): Promise<TurnResult> {
    const component = componentOf(turn.outcomes);
    const componentJson = component ? toJson(component) : null;
    await this.#db.prisma.chatMessage.update({
      where: { id: coachMessageId },
      data:
        componentJson === null
          ? { content: turn.content }
          : { content: turn.content, component: componentJson },
    });
    const result: TurnResult = {
      userMessageId,
      coachMessage: {
        id: coachMessageId,
        content: turn.content,
        component,
        phase: turn.phase,
        promptVersion: turn.promptVersion,
      },
      actions: turn.outcomes,
      rejected: turn.rejected,
      attempts: turn.attempts,
      state: await loadTurnState(this.#db, key.userId),
      replayed: false,
    };
    await this.#records.advance(this.#db.prisma, key, { stage: "done", result: toJson(result) });
    return result;
  }

  /** Deletes a tool turn's coach message that carries no action, with the turn interrupted. */
  async #dropToolMessage(
    key: TurnKey,
    userMessageId: string,
    coachMessageId: string,
    reason: string,
  ): Promise<void> {
    await this.#db.prisma.$transaction(async (tx) => {
      await tx.chatMessage.deleteMany({ where: { id: coachMessageId } });
      await this.#records.advance(tx, key, { stage: "interrupted", userMessageId, reason });
    });
  }

  async #markInterrupted(key: TurnKey, stage: OpenStage, reason: string): Promise<void> {
    if (stage.stage === "planned") return;
    await this.#records.advance(this.#db.prisma, key, {
      stage: "interrupted",
      userMessageId: stage.userMessageId,
      reason,
    });
  }

  /**
   * After a turn failed: a turn the model never answered is marked interrupted (nothing was
   * applied); one with planned or applied actions is released, so that a retry with the key
   * or the recovery sweep applies exactly what did not commit. Returns the error to throw.
   */
  async #abandon(key: TurnKey, error: unknown, clientKey: boolean): Promise<unknown> {
    /** Whether actions may have committed: unknown when the record cannot be read. */
    let applying = true;
    try {
      const row = await this.#db.prisma.turnRecord.findUnique({
        where: { userId_idempotencyKey: key },
      });
      const stage = row ? turnStageOf(row.response) : null;
      if (stage?.stage === "started" && stage.coachMessageId === undefined) {
        const reason = error instanceof CoachTurnError ? error.kind : "failed";
        await this.#markInterrupted(key, stage, reason);
        applying = false;
      } else if (stage !== null && stage.stage !== "done") {
        await this.#records.release(key);
      }
    } catch (cleanup) {
      // The database may be the failure itself: the lease runs out and recovery takes over.
      this.#onBackgroundError(cleanup);
    }
    if (!isTransientDatabaseError(error)) return error;
    // Say what happened to the actions, and what the client can do about the rest.
    const message = !applying
      ? `A temporary database failure interrupted the turn before the coach answered; nothing was applied. ${clientKey ? "Retry with the same idempotency key." : "Send the message again."}`
      : clientKey
        ? "A temporary database failure interrupted the turn; some of its actions may have been applied. Retry with the same idempotency key to apply the rest (none is applied twice)."
        : "A temporary database failure interrupted the turn; some of its actions may have been applied, and the server applies the rest shortly (none twice).";
    return new CoachTurnError("retryable", message, { cause: error });
  }

  #takeNotes(userId: string, messageId: string): void {
    // Off the request path: the reply never waits for, or fails because of, the note taker.
    this.#noteTaker?.enqueue({ userId, messageId }).catch(this.#onBackgroundError);
  }
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

/** A tool call beyond the per-turn cap, reported like an invalid action of a structured reply. */
function overCap(index: number, call: ToolCall): RejectedAction {
  return {
    index,
    type: call.name,
    problems: [
      {
        index,
        path: "",
        expected: `at most ${limits.actionsPerResponse} actions per turn`,
        received: `action ${index + 1}`,
        message: `Not executed: a turn applies at most ${limits.actionsPerResponse} actions`,
      },
    ],
  };
}

function turnStageOf(response: unknown): TurnStage | null {
  const parsed = turnStage.safeParse(response);
  return parsed.success ? parsed.data : null;
}

/** Tool arguments are JSON text; anything unparsable reaches the engine as-is and fails validation. */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

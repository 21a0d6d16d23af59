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
import { limits } from "@trellis/actions";
import type { TurnResult } from "@trellis/contract";
import { type Db, isUniqueViolation } from "@trellis/db";
import { type ActionEngine, isTransientDatabaseError } from "@trellis/engine";
import type { CoachModel } from "../model/coach-model.ts";
import type { PromptStore } from "../prompts/prompt-store.ts";
import { CoachTurnError } from "./errors.ts";
import { type InvalidOutputOptions, InvalidOutputPolicy } from "./invalid-output-policy.ts";
import type { OpenStage, ReplyMode, StartedStage, TurnInput, TurnParts } from "./reply-mode.ts";
import { loadSnapshot } from "./snapshot.ts";
import { replay } from "./stored-result.ts";
import { applyPlan, StructuredMode } from "./structured-mode.ts";
import { endToolTurn, ToolsMode } from "./tools-mode.ts";
import { finishTurn } from "./turn-end.ts";
import type { TurnEventSink } from "./turn-events.ts";
import {
  type PlannedStage,
  requestHash,
  type TurnKey,
  type TurnRecordOptions,
  TurnRecords,
  type TurnStage,
  turnStage,
} from "./turn-record.ts";
import { inTurnScope } from "./turn-scope.ts";

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
  /**
   * Called once the turn has its record, before the model is asked: its id and the key it runs
   * under (the server's own when the client gave none), by which `chat.stop` names it.
   */
  onStarted?: (turn: { turnId: string; idempotencyKey: string }) => void;
  /**
   * Given, a stop recorded under the client's key before the turn began (`chat.stop` by key)
   * is taken as the turn is written (the same statement), and this is called: the caller
   * aborts `stop`, so that the turn stops before the model is asked.
   */
  onStopTaken?: () => void;
}

export interface NoteTakerQueue {
  enqueue(job: { userId: string; messageId: string }): Promise<void>;
}

export interface CoachTurnOptions {
  db: Db;
  engine: ActionEngine;
  prompts: PromptStore;
  model: CoachModel;
  /**
   * What an unusable reply leads to, in either mode (attempts, feedback, the last attempt;
   * tool mode: model calls per turn).
   */
  invalidOutput?: InvalidOutputOptions;
  noteTaker?: NoteTakerQueue;
  onBackgroundError?: (error: unknown) => void;
  /**
   * How the model replies: `structured` (default; one strict JSON reply, asked again while
   * invalid) or `tools` (tool calling, each call applied as it comes; the model needs
   * `callTools`). See structured-mode.ts and tools-mode.ts.
   */
  mode?: "structured" | "tools";
  /** Lease and wait of the turn records (defaults: 30 s lease, 15 s wait for a turn in flight). */
  records?: TurnRecordOptions;
}

export class CoachTurn {
  readonly #db: Db;
  readonly #prompts: PromptStore;
  readonly #noteTaker: NoteTakerQueue | undefined;
  readonly #onBackgroundError: (error: unknown) => void;
  readonly #records: TurnRecords;
  readonly #parts: TurnParts;
  readonly #mode: ReplyMode;

  constructor(options: CoachTurnOptions) {
    this.#db = options.db;
    this.#prompts = options.prompts;
    this.#noteTaker = options.noteTaker;
    this.#onBackgroundError = options.onBackgroundError ?? (() => {});
    this.#records = new TurnRecords(options.db, options.records);
    this.#parts = {
      db: options.db,
      engine: options.engine,
      model: options.model,
      policy: new InvalidOutputPolicy(options.invalidOutput),
      records: this.#records,
    };
    this.#mode =
      options.mode === "tools" ? new ToolsMode(this.#parts) : new StructuredMode(this.#parts);
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
      const takeStop = clientKey !== undefined && request.onStopTaken !== undefined;
      const created = await this.#records.start(
        key,
        hash,
        { content: text, phase: snapshot.phase },
        takeStop,
      );
      stage = { stage: "started", userMessageId: created.userMessageId };
      turnId = created.turnId;
      fresh = true;
      if (created.stopTaken) request.onStopTaken?.();
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
    request.onStarted?.({ turnId, idempotencyKey: key.idempotencyKey });

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
          await finishTurn(this.#parts, key, await applyPlan(this.#parts, key, stage, null));
        } else if (stage.stage === "started" && stage.coachMessageId !== undefined) {
          const { userMessageId, coachMessageId } = stage;
          const ending = await endToolTurn(this.#parts, key, userMessageId, coachMessageId);
          await finishTurn(this.#parts, key, ending);
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
    // Stopped before the model is asked (a stop taken as the turn began): it is not asked.
    if (stage.stage !== "planned" && input.request.stop?.aborted) {
      throw new CoachTurnError("stopped", "The turn was stopped before the coach answered");
    }
    // Once planned, whatever the mode, the model is not asked again; an interrupted turn is.
    const ending =
      stage.stage === "planned"
        ? await applyPlan(this.#parts, key, stage, null, input.request.events)
        : await this.#mode.reply(key, asStarted(stage), input);
    return finishTurn(this.#parts, key, ending);
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

/** A turn to ask the model for: an interrupted one starts again from its user message. */
function asStarted(stage: Exclude<OpenStage, PlannedStage>): StartedStage {
  return stage.stage === "started"
    ? stage
    : { stage: "started", userMessageId: stage.userMessageId };
}

function turnStageOf(response: unknown): TurnStage | null {
  const parsed = turnStage.safeParse(response);
  return parsed.success ? parsed.data : null;
}

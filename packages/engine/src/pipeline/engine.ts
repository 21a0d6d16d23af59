// The one execution pipeline, for every invoker (the coach's model, a user through the API,
// the background note taker):
//   parse params → invoker may call it → (transaction, under the user's lock) phase
//   allow-list → ownership of every referenced id → handler → audit row + events (a replayed
//   idempotency key fails here and returns the first outcome) → commit → publish.
// A failure rolls the transaction back and records the failed attempt in a transaction of its
// own, so the database is never half-applied and the next action still runs.
import { randomUUID } from "node:crypto";
import { SpanStatusCode } from "@opentelemetry/api";
import { type ActionHandlers, currentType } from "@trellis/actions";
import type { ActionOutcome, DetailedError, Json } from "@trellis/contract";
import { type Db, isUniqueViolation } from "@trellis/db";
import { currentTraceIds, inSpan } from "@trellis/tracing";
import { type ActionError, ActionNotFoundError, summaryForModel } from "../errors.ts";
import type { EventBus } from "../events/bus.ts";
import type { HandlerContext } from "../handlers/context.ts";
import { DEFAULT_WIRE_DATA_BYTES, type StoredEvent, toWireEvent } from "../stored/action-event.ts";
import { engineTracer } from "../tracer.ts";
import { applyCall } from "./apply-call.ts";
import {
  insertEvents,
  outcomeFromRow,
  recordAction,
  storableRawParams,
  storableType,
} from "./audit.ts";
import { checkRequest } from "./check-request.ts";
import { classifyError } from "./classify.ts";
import { lockCoachState } from "./locks.ts";
import type { ActionRequest, Approval, OutcomeObservation } from "./request.ts";
import {
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  retryTransient,
  TransientDatabaseError,
} from "./transient.ts";
import { unknownPendingError } from "./unknown-pending.ts";

export interface EngineOptions {
  db: Db;
  bus: EventBus;
  handlers: ActionHandlers<HandlerContext>;
  /** UTF-8 byte budget of an event's `data` on the wire (the database keeps everything). */
  wireDataBytes?: number;
  /** Interactive transaction limits; per-user locks queue inside the transaction. */
  transactionTimeoutMs?: number;
  onPublishError?: (error: unknown) => void;
  /** Told about every outcome `execute` and `approvePending` return (metrics, traces). */
  onOutcome?: (observation: OutcomeObservation) => void;
  /**
   * How often an action's transaction is tried again after a connection-level failure. When
   * retries run out, `execute` throws TransientDatabaseError (nothing of that action committed).
   */
  transientRetry?: RetryPolicy;
}

export class ActionEngine {
  readonly #db: Db;
  readonly #bus: EventBus;
  readonly #handlers: ActionHandlers<HandlerContext>;
  readonly #wireDataBytes: number;
  readonly #txOptions: { timeout: number; maxWait: number };
  readonly #onPublishError: (error: unknown) => void;
  readonly #retry: RetryPolicy;
  readonly #onOutcome: ((observation: OutcomeObservation) => void) | undefined;

  constructor(options: EngineOptions) {
    this.#db = options.db;
    this.#bus = options.bus;
    this.#handlers = options.handlers;
    this.#wireDataBytes = options.wireDataBytes ?? DEFAULT_WIRE_DATA_BYTES;
    const timeout = options.transactionTimeoutMs ?? 20_000;
    this.#txOptions = { timeout, maxWait: timeout };
    this.#onPublishError = options.onPublishError ?? (() => {});
    this.#retry = options.transientRetry ?? DEFAULT_RETRY_POLICY;
    this.#onOutcome = options.onOutcome;
  }

  get bus(): EventBus {
    return this.#bus;
  }

  /**
   * Runs actions in the given order; a failure is recorded and the next one still runs. A
   * TransientDatabaseError stops the run: the actions before it committed, the rest did not.
   */
  async executeAll(requests: readonly ActionRequest[]): Promise<ActionOutcome[]> {
    const outcomes: ActionOutcome[] = [];
    for (const request of requests) outcomes.push(await this.execute(request));
    return outcomes;
  }

  async execute(request: ActionRequest): Promise<ActionOutcome> {
    return this.#observed(request, () => this.#run(request, null));
  }

  /** Applies a pending action as the user, through the same pipeline, and resolves it. */
  async approvePending(
    userId: string,
    pendingActionId: string,
    options: { params?: unknown; idempotencyKey?: string } = {},
  ): Promise<ActionOutcome> {
    const pending = await this.#db.prisma.pendingAction.findFirst({
      where: { id: pendingActionId, userId },
    });
    if (!pending) {
      return this.#fail(
        { userId, type: "pending_action", params: { pendingActionId }, invoker: "user" },
        new ActionNotFoundError("pending_action", `No pending action with id ${pendingActionId}`),
        performance.now(),
      );
    }
    const type = currentType(pending.type);
    const request: ActionRequest = {
      userId,
      // A pending row keeps the name it was proposed under; a renamed action still applies.
      type: type ?? pending.type,
      params: options.params ?? pending.params,
      invoker: "user",
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      ...(pending.chatMessageId ? { chatMessageId: pending.chatMessageId } : {}),
    };
    if (type === undefined) {
      const error = unknownPendingError(pendingActionId, pending.type);
      return this.#observed(request, () => this.#fail(request, error, performance.now()));
    }
    return this.#observed(request, () =>
      this.#run(request, { pendingActionId, stored: options.params === undefined }),
    );
  }

  /** One span per action (its audit row stores the span's ids), and the outcome observer. */
  #observed(request: ActionRequest, run: () => Promise<ActionOutcome>): Promise<ActionOutcome> {
    const attributes = {
      "trellis.action.type": request.type,
      "trellis.action.invoker": request.invoker,
    };
    return inSpan(engineTracer, "action.execute", { attributes }, async (span) => {
      const started = performance.now();
      const outcome = await run();
      const durationMs = performance.now() - started;
      span.setAttributes({
        "trellis.action.id": outcome.actionId ?? "",
        "trellis.action.status": outcome.status,
        "trellis.action.replayed": outcome.replayed,
        "trellis.action.duration_ms": Math.round(durationMs),
      });
      if (outcome.status === "failed") {
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.kind });
      }
      this.#onOutcome?.({
        type: outcome.type,
        invoker: request.invoker,
        status: outcome.status,
        replayed: outcome.replayed,
        durationMs,
      });
      return outcome;
    });
  }

  /** Declines a pending action: nothing is applied, the decision is logged and published. */
  async rejectPending(userId: string, pendingActionId: string): Promise<ActionOutcome> {
    const started = performance.now();
    const type = "pending_action";
    try {
      const { outcome, events } = await this.#db.prisma.$transaction(async (tx) => {
        await lockCoachState(tx, userId, type);
        const pending = await tx.pendingAction.findFirst({
          where: { id: pendingActionId, userId, status: "pending" },
        });
        if (!pending) {
          throw new ActionNotFoundError(type, `No open pending action with id ${pendingActionId}`);
        }
        await tx.pendingAction.update({
          where: { id: pending.id },
          data: { status: "rejected", resolvedAt: new Date() },
        });
        const summary = `The user declined ${pending.type}`;
        await tx.action.update({
          where: { id: pending.actionId },
          data: { status: "rejected", resultSummary: summary },
        });
        const events = await insertEvents(tx, userId, pending.actionId, [
          { kind: "rejected", payload: { actionType: pending.type, summary, data: null } },
        ]);
        const outcome: ActionOutcome = {
          actionId: pending.actionId,
          type: pending.type,
          replayed: false,
          status: "completed",
          result: { pendingActionId, rejected: true },
          summary,
        };
        return { outcome, events };
      }, this.#txOptions);
      await this.#publish(events);
      return outcome;
    } catch (error) {
      return this.#failWithoutRecord(type, classifyError(type, error), started);
    }
  }

  /** Persisted events after `afterId`, oldest first: how a reconnecting client catches up. */
  async eventsSince(userId: string, afterId: bigint, limit = 500) {
    const rows = await this.#db.prisma.actionEvent.findMany({
      where: { userId, id: { gt: afterId } },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((row) => toWireEvent(row, this.#wireDataBytes));
  }

  async #run(request: ActionRequest, approval: Approval | null): Promise<ActionOutcome> {
    const started = performance.now();
    const checked = checkRequest(request, approval);
    if (!checked.ok) return this.#fail(request, checked.error, started);
    const { call, awaitsUser } = checked;
    const actionId = request.actionId ?? randomUUID();
    // The action's span, named on its audit row (inside the transaction Prisma's is active).
    const trace = currentTraceIds();
    const apply = { request, call, awaitsUser, approval, actionId, trace, started };
    try {
      // A connection-level failure rolled the transaction back: run it again (bounded).
      const done = await retryTransient(call.type, this.#retry, () =>
        this.#db.prisma.$transaction((tx) => applyCall(tx, this.#handlers, apply), this.#txOptions),
      );
      await this.#publish(done.events);
      return done.outcome;
    } catch (error) {
      // Not a property of the action: the caller retries the request (no failure recorded).
      if (error instanceof TransientDatabaseError) throw error;
      // A replayed key (see apply-call.ts): the first outcome.
      if (request.idempotencyKey && isUniqueViolation(error)) {
        const earlier = await this.#earlier(request.userId, request.idempotencyKey);
        if (earlier) return earlier;
      }
      return this.#fail(request, classifyError(call.type, error), started, actionId);
    }
  }

  /** The outcomes recorded under these idempotency keys, in the keys' order (missing ones left out). */
  async outcomesOf(userId: string, idempotencyKeys: readonly string[]): Promise<ActionOutcome[]> {
    const rows = await this.#db.prisma.action.findMany({
      where: { userId, idempotencyKey: { in: [...idempotencyKeys] } },
      include: { pending: true },
    });
    const byKey = new Map(rows.map((row) => [row.idempotencyKey, row]));
    return idempotencyKeys.flatMap((key) => {
      const row = byKey.get(key);
      return row ? [outcomeFromRow(row, row.pending?.id ?? null)] : [];
    });
  }

  /** The outcome recorded under an idempotency key, if any. */
  async #earlier(userId: string, idempotencyKey: string): Promise<ActionOutcome | null> {
    const row = await this.#db.prisma.action.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey } },
      include: { pending: true },
    });
    return row ? outcomeFromRow(row, row.pending?.id ?? null) : null;
  }

  /** Records a failed attempt (audit row + started/failed events) in its own transaction. */
  async #fail(
    request: ActionRequest,
    error: ActionError,
    started: number,
    actionId: string = request.actionId ?? randomUUID(),
  ): Promise<ActionOutcome> {
    const detail = error.toDetailedError();
    const summary = summaryForModel(detail);
    const type = storableType(request.type);
    const trace = currentTraceIds();
    try {
      const events = await retryTransient(type, this.#retry, () =>
        this.#db.prisma.$transaction(async (tx) => {
          // Under the user's lock like every other write of events: a user's event ids then
          // commit in order, which is what resuming a subscription after an id relies on.
          await lockCoachState(tx, request.userId, type);
          const params = storableRawParams(request.params);
          const error = detailToJson(detail);
          return recordAction(
            tx,
            {
              id: actionId,
              userId: request.userId,
              type,
              params,
              status: "failed",
              invoker: request.invoker,
              resultSummary: summary,
              error,
              chatMessageId: request.chatMessageId ?? null,
              idempotencyKey: request.idempotencyKey ?? null,
              testScenarioId: request.testScenarioId ?? null,
              durationMs: Math.round(performance.now() - started),
              trace,
            },
            [
              { kind: "started", payload: { actionType: type, summary: null, data: params } },
              { kind: "failed", payload: { actionType: type, summary, data: error } },
            ],
          );
        }, this.#txOptions),
      );
      await this.#publish(events);
      return { actionId, type, replayed: false, status: "failed", error: detail, summary };
    } catch (recordError) {
      if (recordError instanceof TransientDatabaseError) throw recordError;
      if (request.idempotencyKey && isUniqueViolation(recordError)) {
        // The key was used before (a replay whose handler failed this time, or a concurrent
        // request that won the race): return the first outcome.
        const earlier = await this.#earlier(request.userId, request.idempotencyKey);
        if (earlier) return earlier;
      }
      // The user may not exist (foreign key) or the database may be down: report, unrecorded.
      return this.#failWithoutRecord(type, error, started);
    }
  }

  #failWithoutRecord(type: string, error: ActionError, _started: number): ActionOutcome {
    const detail = error.toDetailedError();
    return {
      actionId: null,
      type,
      replayed: false,
      status: "failed",
      error: detail,
      summary: summaryForModel(detail),
    };
  }

  async #publish(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const attributes = { "trellis.events.count": events.length };
    await inSpan(engineTracer, "events.publish", { attributes }, async (span) => {
      try {
        await this.#bus.publish(events.map((event) => toWireEvent(event, this.#wireDataBytes)));
      } catch (error) {
        // Committed events stay in the database; subscribers catch up by replaying them.
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        this.#onPublishError(error);
      }
    });
  }
}

function detailToJson(detail: DetailedError): { [key: string]: Json } {
  return {
    name: detail.name,
    kind: detail.kind,
    message: detail.message,
    actionType: detail.actionType,
    ...(detail.fieldErrors ? { fieldErrors: detail.fieldErrors.map((f) => ({ ...f })) } : {}),
    ...(detail.cause
      ? {
          cause: {
            name: detail.cause.name,
            message: detail.cause.message,
            ...(detail.cause.code ? { code: detail.cause.code } : {}),
          },
        }
      : {}),
  };
}

// Writing and reading the audit log (Action rows) and their lifecycle events.
import { toPostgresSafeText } from "@trellis/actions";
import type { ActionEventKind, ActionOutcome, DetailedError, Json } from "@trellis/contract";
import { toJson } from "@trellis/contract/schemas";
import { type Action, Prisma } from "@trellis/db";
import type { TraceIds } from "@trellis/tracing";
import { z } from "zod";
import { summaryForModel } from "../errors.ts";
import { truncateJson } from "../events/truncate.ts";
import {
  actionEventColumns,
  type StoredEvent,
  type StoredEventPayload,
} from "../stored/action-event.ts";
import { readDetailedError } from "../stored/detailed-error.ts";

/** Params of rejected requests are stored as given, up to this size: enough to debug. */
const MAX_STORED_RAW_PARAMS_BYTES = 16 * 1024;
const MAX_STORED_TYPE_CHARS = 100;

export function storableType(type: string): string {
  return toPostgresSafeText(type.slice(0, MAX_STORED_TYPE_CHARS));
}

export function storableRawParams(params: unknown): Json {
  return truncateJson(toJson(params), MAX_STORED_RAW_PARAMS_BYTES).value;
}

/** Prisma takes a JSON `null` column value only as `Prisma.JsonNull`; nested nulls are fine. */
export function jsonInput(value: Json): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === null ? Prisma.JsonNull : value;
}

export interface EventDraft {
  kind: ActionEventKind;
  payload: StoredEventPayload;
}

/** One `Action` row: the audit record of one execution. */
export interface AuditRow {
  id: string;
  userId: string;
  type: string;
  params: Json;
  status: "completed" | "failed" | "pending_confirmation";
  invoker: string;
  resultSummary: string;
  /** Absent: SQL NULL (no result); present: the JSON value, `null` included. */
  result?: Json;
  error?: Json;
  chatMessageId: string | null;
  idempotencyKey: string | null;
  testScenarioId: string | null;
  durationMs: number;
  /** The action's span (read outside the transaction: Prisma's spans are active inside). */
  trace: TraceIds;
}

const jsonText = (value: Json | undefined) =>
  value === undefined ? null : JSON.stringify(storableJson(value));

/**
 * The value with every string and key made storable (NUL and unpaired surrogates replaced).
 * Validated input never needs it; the record of a rejected request (its raw params and type,
 * an error message quoting them) must be written all the same.
 */
function storableJson(value: Json): Json {
  if (typeof value === "string") return toPostgresSafeText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) {
      out[toPostgresSafeText(key)] = storableJson(item);
    }
    return out;
  }
  return value;
}

/**
 * Writes an execution's audit row and its events in ONE statement (the events' foreign key is
 * checked at the end of the statement, when the row exists). This is the pipeline's hottest
 * write: as a Prisma `create` plus `createManyAndReturn` it cost two round trips and about
 * 1 ms of query building per action (bench/README, engine).
 */
export async function recordAction(
  tx: Prisma.TransactionClient,
  row: AuditRow,
  drafts: readonly EventDraft[],
): Promise<StoredEvent[]> {
  const kinds = drafts.map((draft) => draft.kind);
  const payloads = drafts.map((draft) =>
    JSON.stringify(
      storableJson({
        actionType: draft.payload.actionType,
        summary: draft.payload.summary,
        data: draft.payload.data ?? null,
      }),
    ),
  );
  const { trace } = row;
  const rows: unknown = await tx.$queryRaw`
    WITH action AS (
      INSERT INTO "Action" ("id", "userId", "type", "params", "status", "invoker",
        "resultSummary", "result", "error", "chatMessageId", "idempotencyKey", "testScenarioId",
        "durationMs", "traceId", "spanId", "updatedAt")
      VALUES (${row.id}, ${row.userId}, ${toPostgresSafeText(row.type)}, ${jsonText(row.params)}::jsonb,
        ${row.status}, ${row.invoker}, ${toPostgresSafeText(row.resultSummary)},
        ${jsonText(row.result)}::jsonb,
        ${jsonText(row.error)}::jsonb, ${row.chatMessageId}, ${row.idempotencyKey},
        ${row.testScenarioId}, ${row.durationMs}, ${trace.traceId}, ${trace.spanId},
        CURRENT_TIMESTAMP)
      RETURNING "id"
    )
    INSERT INTO "ActionEvent" ("userId", "actionId", "kind", "payload")
    SELECT ${row.userId}, action."id", event.kind, event.payload::jsonb
    FROM action, unnest(${kinds}::text[], ${payloads}::text[]) WITH ORDINALITY AS event(kind, payload, n)
    ORDER BY event.n
    RETURNING "id", "userId", "actionId", "kind", "payload", "createdAt"`;
  // ORDER BY draws the ids in draft order; RETURNING's order is not promised, so sort.
  return z
    .array(actionEventColumns)
    .parse(rows)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function insertEvents(
  tx: Prisma.TransactionClient,
  userId: string,
  actionId: string,
  drafts: readonly EventDraft[],
): Promise<StoredEvent[]> {
  // One statement for all of an action's events. PostgreSQL draws the ids from the sequence in
  // VALUES order; sorting restores that order whatever order RETURNING uses.
  const stored = await tx.actionEvent.createManyAndReturn({
    data: drafts.map((draft) => ({
      userId,
      actionId,
      kind: draft.kind,
      payload: {
        ...draft.payload,
        data: draft.payload.data ?? null,
      } satisfies Prisma.InputJsonObject,
    })),
  });
  return stored.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Rebuilds the outcome of an earlier execution from its audit row (idempotent replay). */
export function outcomeFromRow(row: Action, pendingActionId: string | null): ActionOutcome {
  const base = { actionId: row.id, type: row.type, replayed: true };
  if (row.status === "failed") {
    const error: DetailedError = {
      ...(readDetailedError(row.error) ?? unknownError),
      actionType: row.type,
    };
    return { ...base, status: "failed", error, summary: summaryForModel(error) };
  }
  if (row.status === "pending_confirmation" && pendingActionId) {
    return {
      ...base,
      status: "pending_confirmation",
      pendingActionId,
      params: toJson(row.params),
      summary: row.resultSummary ?? "",
    };
  }
  return {
    ...base,
    status: "completed",
    result: toJson(row.result),
    summary: row.resultSummary ?? "",
  };
}

/** A failed row whose stored error is unreadable replays as this. */
const unknownError: DetailedError = {
  name: "ActionExecutionError",
  kind: "execution",
  message: "unknown error",
  actionType: "unknown",
};

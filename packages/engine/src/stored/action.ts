// The audit log's row (`Action`) as clients read it (`actions.log`).
import { type Invoker, invokerSchema } from "@trellis/actions";
import { type ActionLogEntryDto, type ActionStatus, actionStatuses } from "@trellis/contract";
import { toJson } from "@trellis/contract/schemas";
import type { Action } from "@trellis/db";
import type { EveryColumn } from "./columns.ts";
import { readDetailedError } from "./detailed-error.ts";

/**
 * Idempotency keys are the requests' own, not the client's to read; trace and span ids point
 * into the operator's tracing backend (found there, or by `traceId` in the table).
 */
type ServerOnly = "userId" | "idempotencyKey" | "traceId" | "spanId";

export function actionLogEntryDto(row: Action): ActionLogEntryDto {
  return {
    id: row.id,
    type: row.type,
    params: toJson(row.params),
    status: readActionStatus(row.status),
    invoker: readInvoker(row.invoker),
    resultSummary: row.resultSummary,
    result: toJson(row.result),
    error: readDetailedError(row.error),
    chatMessageId: row.chatMessageId,
    durationMs: row.durationMs,
    testScenarioId: row.testScenarioId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  } satisfies EveryColumn<Action, ServerOnly>;
}

function readActionStatus(status: string): ActionStatus {
  return actionStatuses.find((known) => known === status) ?? "failed";
}

function readInvoker(invoker: string): Invoker {
  return invokerSchema.catch("user").parse(invoker);
}

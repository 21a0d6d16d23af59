// The pipeline's steps inside an action's transaction, under the user's lock: the phase
// allows the action, every referenced id is the user's, then either the handler runs and the
// audit row records it, or the action waits for the user's confirmation (pending).
// Idempotency is optimistic: no lookup before the work. A replayed key makes the audit insert
// violate the (userId, idempotencyKey) unique index, which rolls the whole transaction back;
// the engine then returns the first outcome. Replays are rare, first executions are not, and
// this saves every keyed action a round trip.
import { randomUUID } from "node:crypto";
import {
  type ActionHandlers,
  type ActionParams,
  type ActionResult,
  type ActionType,
  catalog,
  isActionAllowedInPhase,
  phasesOfAction,
  referencesOf,
} from "@trellis/actions";
import type { ActionOutcome } from "@trellis/contract";
import { toJson } from "@trellis/contract/schemas";
import type { Prisma } from "@trellis/db";
import type { TraceIds } from "@trellis/tracing";
import { ActionNotAllowedError, ActionNotFoundError } from "../errors.ts";
import type { HandlerContext } from "../handlers/context.ts";
import { PreloadedRows } from "../handlers/preloaded.ts";
import type { StoredEvent } from "../stored/action-event.ts";
import { type AuditRow, jsonInput, recordAction } from "./audit.ts";
import type { CheckedCall } from "./check-request.ts";
import { lockCoachState } from "./locks.ts";
import type { ActionRequest, Approval } from "./request.ts";

/** A checked request, ready to apply in a transaction. */
export interface CallToApply {
  request: ActionRequest;
  call: CheckedCall;
  awaitsUser: boolean;
  approval: Approval | null;
  actionId: string;
  /** The action's span (read outside the transaction: Prisma's spans are active inside). */
  trace: TraceIds;
  /** `performance.now()` when the pipeline took the request. */
  started: number;
}

export interface Applied {
  outcome: ActionOutcome;
  events: StoredEvent[];
}

export async function applyCall(
  tx: Prisma.TransactionClient,
  handlers: ActionHandlers<HandlerContext>,
  apply: CallToApply,
): Promise<Applied> {
  const { request, call } = apply;
  const state = await lockCoachState(tx, request.userId, call.type);
  if (phasesOfAction(call.type).length > 0 && !isActionAllowedInPhase(state.phase, call.type)) {
    throw new ActionNotAllowedError(
      call.type,
      `${call.type} is not allowed in phase ${state.phase}`,
    );
  }
  const preloaded = await preloadReferences(tx, request.userId, call);
  if (apply.awaitsUser) return recordPending(tx, apply);
  const context: HandlerContext = {
    actionType: call.type,
    tx,
    userId: request.userId,
    invoker: request.invoker,
    state,
    now: new Date(),
    preloaded,
  };
  const output = await runHandler(handlers, call, context);
  const result = toJson(output.result);
  if (apply.approval) await resolvePending(tx, request.userId, apply.approval, call.type);
  const base = auditBase(apply);
  const events = await recordAction(
    tx,
    {
      ...base,
      status: "completed",
      resultSummary: output.summary,
      result,
      durationMs: Math.round(performance.now() - apply.started),
    },
    [
      { kind: "started", payload: { actionType: call.type, summary: null, data: base.params } },
      {
        kind: "completed",
        payload: { actionType: call.type, summary: output.summary, data: result },
      },
    ],
  );
  const outcome: ActionOutcome = {
    actionId: apply.actionId,
    type: call.type,
    replayed: false,
    status: "completed",
    result,
    summary: output.summary,
  };
  return { outcome, events };
}

/** Every referenced id must be the user's; identities are read whole, for the handler. */
async function preloadReferences(
  tx: Prisma.TransactionClient,
  userId: string,
  call: CheckedCall,
): Promise<PreloadedRows> {
  const preloaded = new PreloadedRows();
  for (const ref of referencesOf(call.type, call.params)) {
    let owned: { id: string } | null;
    if (ref.kind === "identity") {
      // The whole row: the handler gets it instead of reading it again.
      const identity = await tx.identity.findFirst({ where: { id: ref.id, userId } });
      if (identity) preloaded.addIdentity(identity);
      owned = identity;
    } else {
      owned = await tx.userNote.findFirst({
        where: { id: ref.id, userId },
        select: { id: true },
      });
    }
    if (!owned) {
      const noun = ref.kind === "identity" ? "identity" : "user note";
      throw new ActionNotFoundError(call.type, `No ${noun} with id ${ref.id} (${ref.path})`);
    }
  }
  return preloaded;
}

/** The audit row's columns every outcome shares. */
function auditBase(apply: CallToApply) {
  const { request, call } = apply;
  return {
    id: apply.actionId,
    userId: request.userId,
    type: call.type,
    params: toJson(call.params),
    invoker: request.invoker,
    chatMessageId: request.chatMessageId ?? null,
    idempotencyKey: request.idempotencyKey ?? null,
    testScenarioId: request.testScenarioId ?? null,
    trace: apply.trace,
  } satisfies Partial<AuditRow>;
}

/** The action waits for the user: its audit row, its pending row, nothing applied. */
async function recordPending(tx: Prisma.TransactionClient, apply: CallToApply): Promise<Applied> {
  const { request, call, actionId } = apply;
  const base = auditBase(apply);
  const { params } = base;
  const summary = `Waiting for the user to confirm ${catalog[call.type].title.toLowerCase()}`;
  const pendingActionId = randomUUID();
  const events = await recordAction(
    tx,
    {
      ...base,
      status: "pending_confirmation",
      resultSummary: summary,
      durationMs: Math.round(performance.now() - apply.started),
    },
    [
      {
        kind: "pending_confirmation",
        payload: { actionType: call.type, summary, data: { pendingActionId, params } },
      },
    ],
  );
  const pending = await tx.pendingAction.create({
    data: {
      id: pendingActionId,
      userId: request.userId,
      actionId,
      type: call.type,
      params: jsonInput(params),
      chatMessageId: request.chatMessageId ?? null,
    },
  });
  const outcome: ActionOutcome = {
    actionId,
    type: call.type,
    replayed: false,
    status: "pending_confirmation",
    pendingActionId: pending.id,
    params,
    summary,
  };
  return { outcome, events };
}

/**
 * Dispatches a validated call to its handler. The generic ties `call.type` to `call.params`
 * (a correlated union), so the handler's parameter type is checked, not asserted.
 */
function runHandler<T extends ActionType>(
  handlers: ActionHandlers<HandlerContext>,
  call: { type: T; params: ActionParams<T> },
  context: HandlerContext,
): Promise<{ result: ActionResult<T>; summary: string }> {
  const handler: ActionHandlers<HandlerContext>[T] = handlers[call.type];
  return handler(context, call.params);
}

async function resolvePending(
  tx: Prisma.TransactionClient,
  userId: string,
  approval: Approval,
  type: string,
): Promise<void> {
  const pending = await tx.pendingAction.findFirst({
    where: { id: approval.pendingActionId, userId, status: "pending" },
  });
  if (!pending) {
    throw new ActionNotFoundError(
      type,
      `No open pending action with id ${approval.pendingActionId}`,
    );
  }
  await tx.pendingAction.update({
    where: { id: pending.id },
    data: { status: "approved", resolvedAt: new Date() },
  });
  await tx.action.update({ where: { id: pending.actionId }, data: { status: "approved" } });
}

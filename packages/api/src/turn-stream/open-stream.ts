// `chat.stream`: where a stream's events come from. A new turn is started in this process's
// hub; a reconnect follows the same turn from the last event its client received: from the hub
// when the turn runs here, else from the database (a turn another process runs or ran, found by
// its id or, for a reconnect by key, its record). A reconnect by key to a turn whose process
// died takes the turn over here.
import { requestHash } from "@trellis/ai";
import type { TurnResult } from "@trellis/contract";
import { TRPCError } from "@trpc/server";
import { ApiError } from "../api-error.ts";
import type { ActionLog, Context } from "../context.ts";
import { turnFailure } from "../errors.ts";
import type { StreamInput } from "../routers/chat-inputs.ts";
import type { Subject } from "../subject.ts";
import type { Caller } from "../tokens.ts";
import type { NumberedEvent } from "./live-turn.ts";
import { followSharedTurn } from "./shared-turn.ts";
import { holdTurnSlot } from "./turn-slot.ts";

type StreamContext = Context & { user: Caller; subject: Subject };

export async function openTurnStream(
  ctx: StreamContext,
  input: StreamInput,
  signal: AbortSignal | undefined,
): Promise<AsyncIterable<NumberedEvent>> {
  const { db } = ctx.runtime;
  const { userId } = ctx.subject;
  // The follower leaves with its connection or the server; the turn runs on.
  const leave = AbortSignal.any([ctx.shutdown, ...(signal ? [signal] : [])]);
  const after = input.lastEventId ? Number(input.lastEventId) : 0;
  const shared = (turnId: string, takeOver?: () => Promise<AsyncIterable<NumberedEvent>>) =>
    followSharedTurn({
      db,
      bus: ctx.runtime.bus,
      userId,
      turnId,
      after,
      signal: leave,
      ...(takeOver ? { takeOver } : {}),
    });
  if ("turnId" in input) {
    const live = ctx.turns.byId(userId, input.turnId);
    return live ? live.follow(after, leave) : shared(input.turnId);
  }
  if (input.promptVersion !== undefined && ctx.user.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Pinning a prompt version is for admins" });
  }
  const key = input.idempotencyKey;
  if (key === undefined && input.lastEventId) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "To resume a turn, send its idempotencyKey or turnId",
    });
  }
  const known = key === undefined ? undefined : ctx.turns.byKey(userId, key);
  if (key !== undefined && known === undefined && input.lastEventId) {
    // A reconnect of a turn not running here: the one under the key, wherever it ran.
    const record = await db.prisma.turnRecord.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey: key } },
      select: { id: true },
    });
    if (record) {
      return shared(record.id, async () =>
        refuseReusedKey((await startOrJoin(ctx, input, key)).follow(0, leave)),
      );
    }
  }
  const live = await startOrJoin(ctx, input, key);
  // Resuming the turn this process ran under the key: after the last event received. A turn
  // started here now (another process ran or began it under this key) is numbered afresh,
  // and its `turn.started` resets what the client had shown.
  return refuseReusedKey(live.follow(known === live ? after : 0, leave));
}

/** The hub's turn under the key, joined or started (with the user's turn slot). */
function startOrJoin(
  ctx: StreamContext,
  input: Extract<StreamInput, { message: string }>,
  key: string | undefined,
) {
  const { subject } = ctx;
  const { userId } = subject;
  const request = {
    userId,
    message: input.message,
    // Without the client's key, one of ours: the turn is still followed by key here.
    idempotencyKey: key ?? `stream:${crypto.randomUUID()}`,
    ...(input.promptVersion !== undefined ? { promptVersion: input.promptVersion } : {}),
    ...(subject.testScenarioId ? { testScenarioId: subject.testScenarioId } : {}),
  };
  return ctx.turns.open({
    request,
    clientKey: key !== undefined,
    requestHash: requestHash({ ...request, message: request.message.trim() }),
    hold: () => holdTurnSlot(ctx, userId, key),
    settlement: {
      onResult: (result) => logOutcomes(ctx.logAction, result, subject),
      onError: (error) => {
        const failure = turnFailure(error);
        if (failure !== "stopped" && !isExpected(failure.kind)) {
          ctx.reportError(error, "chat.stream");
        }
        return failure;
      },
    },
  });
}

function isExpected(kind: string): boolean {
  return kind === "idempotency_key_reused" || kind === "turn_in_progress";
}

/**
 * A key already used (on another process, or before) for another message: the turn fails
 * before it starts, and the stream fails as `chat.send` does (422), instead of streaming it.
 */
async function* refuseReusedKey(
  events: AsyncIterable<NumberedEvent>,
): AsyncGenerator<NumberedEvent> {
  for await (const item of events) {
    const { event } = item;
    if (event.type === "turn.failed" && event.error.kind === "idempotency_key_reused") {
      throw new ApiError({ reason: "idempotency_key_reused", message: event.error.message });
    }
    yield item;
  }
}

/** Logs a finished turn's action outcomes, as `chat.send` does. */
export function logOutcomes(
  logAction: ActionLog,
  result: TurnResult,
  subject: { userId: string; testScenarioId: string | null },
): void {
  if (result.replayed) return;
  for (const outcome of result.actions) {
    logAction({
      userId: subject.userId,
      actionId: outcome.actionId,
      type: outcome.type,
      status: outcome.status,
      invoker: "coach",
      testScenarioId: subject.testScenarioId,
    });
  }
}

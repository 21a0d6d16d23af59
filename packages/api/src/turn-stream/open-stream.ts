// `chat.stream`: where a stream's events come from. A new turn is started in this process's
// hub; a reconnect follows the same turn from the last event its client received (same
// process), or from the turn's start (a turn another process runs or ran, found by its key or
// id).
import type { TurnResult } from "@trellis/ai";
import { TRPCError } from "@trpc/server";
import type { ActionLog, Context } from "../context.ts";
import { turnFailure } from "../errors.ts";
import type { StreamInput } from "../routers/chat-inputs.ts";
import { subjectOf } from "../subject.ts";
import type { Caller } from "../tokens.ts";
import type { NumberedEvent } from "./live-turn.ts";
import { followStoredTurn } from "./stored-turn.ts";

export async function openTurnStream(
  ctx: Context & { user: Caller },
  input: StreamInput,
  signal: AbortSignal | undefined,
): Promise<AsyncIterable<NumberedEvent>> {
  const { db } = ctx.runtime;
  const subject = await subjectOf(db, ctx.user, input.testScenarioId);
  const { userId } = subject;
  // The follower leaves with its connection or the server; the turn runs on.
  const leave = AbortSignal.any([ctx.shutdown, ...(signal ? [signal] : [])]);
  const after = input.lastEventId ? Number(input.lastEventId) : 0;
  let events: AsyncIterable<NumberedEvent>;
  if ("turnId" in input) {
    const live = ctx.turns.byId(userId, input.turnId);
    events = live
      ? live.follow(after, leave)
      : followStoredTurn({ db, userId, turnId: input.turnId, signal: leave });
  } else {
    if (input.promptVersion !== undefined && ctx.user.role !== "admin") {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "Pinning a prompt version is for admins",
      });
    }
    const key = input.idempotencyKey;
    if (key === undefined && input.lastEventId) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "To resume a turn, send its idempotencyKey or turnId",
      });
    }
    const running = key === undefined ? undefined : ctx.turns.byKey(userId, key);
    if (running) {
      events = running.follow(after, leave);
    } else {
      const slot = await ctx.limits?.holdTurn(userId);
      const live = ctx.turns.start(
        {
          userId,
          message: input.message,
          // Without the client's key, one of ours: the turn is still followed by key here.
          idempotencyKey: key ?? `stream:${crypto.randomUUID()}`,
          ...(input.promptVersion !== undefined ? { promptVersion: input.promptVersion } : {}),
          ...(subject.testScenarioId ? { testScenarioId: subject.testScenarioId } : {}),
        },
        {
          onResult: (result) => logOutcomes(ctx.logAction, result, subject),
          onError: (error) => {
            const failure = turnFailure(error);
            if (failure !== "stopped") ctx.reportError(error, "chat.stream");
            return failure;
          },
          onSettled: () => void slot?.release(),
        },
      );
      // A turn another process ran under this key numbers its events afresh here.
      // From its first event: a turn that another process ran (or began) under this key is
      // numbered afresh here, and `turn.started` resets what the client had shown.
      events = live.follow(0, leave);
    }
  }
  return events;
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

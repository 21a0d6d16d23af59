// `chat.stop`, by the turn's id or by the idempotency key its client sent (a stop pressed
// before the turn had an id), for a streamed turn or a `chat.send` one. A turn of this process
// is stopped here; any other is stopped through the database and a signal (turn-stops.ts): on
// the process that runs it, or, for a turn not started yet (its request still on the way, or
// waiting for the user's slot), when it starts. The answer is what happened: a running turn's
// stop waits for the turn to end (here, for its call; elsewhere, for its record to leave
// `started`) and says whether the stop ended it. A reply already complete is applied anyway.
import { lookUpTurn } from "@trellis/ai";
import type { Context } from "../context.ts";

export type StopInput = { turnId: string } | { idempotencyKey: string };

/** How long a stop waits for a turn on another process to end (its process may be dead). */
const REMOTE_WAIT_MS = 5_000;
const POLL_MS = 20;

export async function stopTurn(
  ctx: Pick<Context, "runtime" | "turns">,
  userId: string,
  input: StopInput,
): Promise<{ stopped: boolean }> {
  const hub = ctx.turns;
  const here = hub.stopHere(userId, input);
  if (here) return { stopped: await here };
  const { turnRecord } = ctx.runtime.db.prisma;
  // Only a turn still waiting for the model stops: a planned turn applies, an ended one ended.
  const record =
    "turnId" in input
      ? await turnRecord.findFirst({
          where: { id: input.turnId, userId },
          select: { id: true, idempotencyKey: true, stage: true },
        })
      : await turnRecord.findUnique({
          where: { userId_idempotencyKey: { userId, idempotencyKey: input.idempotencyKey } },
          select: { id: true, idempotencyKey: true, stage: true },
        });
  if (record !== null && record.stage !== "started") return { stopped: false };
  let idempotencyKey: string;
  if (record !== null) idempotencyKey = record.idempotencyKey;
  else if ("idempotencyKey" in input) idempotencyKey = input.idempotencyKey;
  else return { stopped: false };
  const ref = { userId, idempotencyKey };
  if (!(await hub.stopElsewhere(ref))) return { stopped: false };
  // No record yet: a turn that has not started, stopped when it does (it takes the row).
  if (record === null) return { stopped: true };
  const stopped = await endedByStop(ctx, userId, record.id);
  if (!stopped) await hub.withdrawStop(ref);
  return { stopped };
}

/**
 * Waits for the turn on another process to leave `started`: true when the stop ended it. A
 * turn whose process died is ended by the recovery sweep within seconds (not by the stop); one
 * still running after the wait was not stopped.
 */
async function endedByStop(
  ctx: Pick<Context, "runtime">,
  userId: string,
  turnId: string,
): Promise<boolean> {
  const deadline = Date.now() + REMOTE_WAIT_MS;
  for (;;) {
    const standing = await lookUpTurn(ctx.runtime.db, userId, turnId);
    if (standing === null) return false;
    if (standing.status === "interrupted") return standing.reason === "stopped";
    if (standing.status === "done" || Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

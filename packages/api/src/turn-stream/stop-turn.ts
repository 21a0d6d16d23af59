// `chat.stop`, by the turn's id or by the idempotency key its client sent (a stop pressed
// before the turn had an id). A turn of this process is stopped here; any other is stopped
// through the database and a signal (turn-stops.ts): on the process that runs it, or, for a
// turn not started yet (its request still on the way, or waiting for the user's slot), when it
// starts. The answer says whether the stop reaches a turn that can still be stopped.
import type { Context } from "../context.ts";

export type StopInput = { turnId: string } | { idempotencyKey: string };

export async function stopTurn(
  ctx: Pick<Context, "runtime" | "turns">,
  userId: string,
  input: StopInput,
): Promise<{ stopped: boolean }> {
  const hub = ctx.turns;
  const { turnRecord } = ctx.runtime.db.prisma;
  let idempotencyKey: string;
  // Only a turn still waiting for the model stops: a planned turn applies, an ended one ended.
  if ("turnId" in input) {
    const here = hub.byId(userId, input.turnId);
    if (here) return { stopped: hub.stop(here) };
    const record = await turnRecord.findFirst({
      where: { id: input.turnId, userId },
      select: { idempotencyKey: true, stage: true },
    });
    if (record === null || record.stage !== "started") return { stopped: false };
    idempotencyKey = record.idempotencyKey;
  } else {
    idempotencyKey = input.idempotencyKey;
    const here = hub.byKey(userId, idempotencyKey);
    if (here) return { stopped: hub.stop(here) };
    const record = await turnRecord.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey } },
      select: { stage: true },
    });
    // No record: a turn that has not started yet, stopped when it does.
    if (record !== null && record.stage !== "started") return { stopped: false };
  }
  return { stopped: await hub.stopElsewhere({ userId, idempotencyKey }) };
}

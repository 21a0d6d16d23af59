// The per-user turn cap (`concurrentTurnsPerUser`, default 1: one user's turns run one at a
// time, on every process sharing the database). A retry of a turn already under way, under
// its idempotency key, is not a second turn: it joins the first (which holds the slot).
import type { Context } from "../context.ts";
import { TurnInProgressError } from "../limits/index.ts";

type Slot = { release(): Promise<void> };

export async function holdTurnSlot(
  ctx: Pick<Context, "limits" | "runtime">,
  userId: string,
  idempotencyKey: string | undefined,
): Promise<Slot | undefined> {
  try {
    return await ctx.limits?.holdTurn(userId);
  } catch (error) {
    if (!(error instanceof TurnInProgressError) || idempotencyKey === undefined) throw error;
    const record = await ctx.runtime.db.prisma.turnRecord.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey } },
      select: { id: true },
    });
    if (record === null) throw error;
    return undefined;
  }
}

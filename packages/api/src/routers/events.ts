import type { Db } from "@trellis/db";
import type { ActionEventMessage } from "@trellis/contract";
import { type TrackedEnvelope, tracked } from "@trpc/server";
import { z } from "zod";
import { userEventStream } from "../event-stream.ts";
import { eventId } from "../inputs.ts";
import { watchToken } from "../token-watch.ts";
import { router, subjectProcedure } from "../trpc.ts";

async function latestEventId(db: Db, userId: string): Promise<bigint> {
  const newest = await db.prisma.actionEvent.findFirst({
    where: { userId },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  return newest?.id ?? 0n;
}

export const eventsRouter = router({
  /**
   * The caller's action lifecycle events (started, completed, failed, pending_confirmation,
   * rejected) over SSE. Each carries its database id as the SSE id: a client that reconnects
   * with its last id (tRPC's client does this by itself) gets every event it missed, replayed
   * from the database, then live events, without gaps or duplicates. Without a last id the
   * stream starts with live events; `lastEventId: "0"` replays everything. Admins may pass
   * `testScenarioId` for the events of the user of one of their test scenarios.
   */
  subscribe: subjectProcedure
    .input(z.object({ lastEventId: eventId.nullish() }).optional())
    .subscription(async function* ({
      ctx,
      input,
      signal,
    }): AsyncGenerator<TrackedEnvelope<ActionEventMessage>, void, undefined> {
      const { engine, bus } = ctx.runtime;
      const { userId } = ctx.subject;
      const slot = await ctx.limits?.holdSubscription(userId);
      // Ends when the client leaves, the server shuts down, or the token is revoked.
      const token = watchToken(ctx.runtime.db, ctx.user.tokenId, ctx.tokenRecheckMs);
      const stops = [ctx.shutdown, token.revoked, ...(signal ? [signal] : [])];
      try {
        const stream = userEventStream({
          bus,
          replay: (afterId, limit) => engine.eventsSince(userId, afterId, limit),
          latestId: () => latestEventId(ctx.runtime.db, userId),
          userId,
          lastEventId: input?.lastEventId ? BigInt(input.lastEventId) : null,
          signal: AbortSignal.any(stops),
        });
        for await (const event of stream) yield tracked(event.id, event);
      } finally {
        token.stop();
        await slot?.release();
      }
    }),
});

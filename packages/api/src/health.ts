import type { Health } from "@trellis/contract";
import type { Db } from "@trellis/db";
import type { EventBus } from "@trellis/engine";

/** Liveness, a round trip to the database, and whether the event bus is connected. */
export async function checkHealth(db: Db, bus: Pick<EventBus, "connected">): Promise<Health> {
  const events = bus.connected;
  let dbUp = true;
  try {
    await db.prisma.$queryRaw`SELECT 1`;
  } catch {
    dbUp = false;
  }
  return { status: dbUp && events ? "ok" : "degraded", db: dbUp, events };
}

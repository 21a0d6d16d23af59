import type { Db } from "@trellis/db";
import { type EventBus, InProcessEventBus } from "./bus.ts";
import { PostgresEventBus } from "./postgres-bus.ts";

/**
 * The bus that fits the database: on PostgreSQL, LISTEN/NOTIFY so that every server process
 * sharing the database sees every event; embedded, one process, so in-process fan-out.
 */
export async function createEventBus(db: Db, onError?: (error: Error) => void): Promise<EventBus> {
  if (db.kind === "pglite") return new InProcessEventBus(db.pglite);
  return PostgresEventBus.start({
    pool: db.pool,
    createListener: () => db.createClient(),
    ...(onError ? { onError } : {}),
  });
}

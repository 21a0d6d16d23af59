import type { Health } from "@trellis/contract";
import { type Db, pendingMigrations } from "@trellis/db";
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

interface ReadinessCheck {
  ok: boolean;
  /** Why it failed, when it did. */
  detail?: string;
}

export interface Readiness {
  status: "ready" | "not_ready";
  checks: {
    database: ReadinessCheck;
    migrations: ReadinessCheck;
    events: ReadinessCheck;
    queue: ReadinessCheck;
  };
  /** Names of the failed checks (empty when ready). */
  failed: string[];
}

export interface ReadinessInput {
  db: Db;
  bus: Pick<EventBus, "connected">;
  queue: { readonly running: boolean; stats(): Promise<unknown> };
}

async function check(fn: () => Promise<string | null>): Promise<ReadinessCheck> {
  try {
    const problem = await fn();
    return problem === null ? { ok: true } : { ok: false, detail: problem };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Readiness (can this process serve traffic?): the database answers, every migration of the
 * repository is applied, the event bus is connected and the note taker's queue runs.
 */
export async function checkReadiness(input: ReadinessInput): Promise<Readiness> {
  const database = await check(async () => {
    await input.db.prisma.$queryRaw`SELECT 1`;
    return null;
  });
  const [migrations, queue] = await Promise.all([
    database.ok
      ? check(async () => {
          const pending = await pendingMigrations(input.db);
          return pending.length === 0 ? null : `not applied: ${pending.join(", ")}`;
        })
      : Promise.resolve({ ok: false, detail: "database unreachable" }),
    check(async () => {
      if (!input.queue.running) return "stopped";
      await input.queue.stats();
      return null;
    }),
  ]);
  const events: ReadinessCheck = input.bus.connected
    ? { ok: true }
    : { ok: false, detail: "reconnecting" };
  const checks = { database, migrations, events, queue };
  const failed = Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);
  return { status: failed.length === 0 ? "ready" : "not_ready", checks, failed };
}

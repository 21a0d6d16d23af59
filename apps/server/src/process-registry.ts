// Every server process on the database, with a heartbeat: the way a dead process (kill -9, a
// lost machine) is noticed within seconds rather than when its leases run out. Each process
// beats every `beatMs`; in the same statement it reaps the processes whose heartbeat is older
// than `deadAfterMs`: their turn leases end (a retry with the key, or the recovery sweep, takes
// the turn over at once) and their concurrency slots go (the user's turn cap is free again).
// One statement per process per beat, whatever the load; turns and slots pay nothing for it.
// Note-taker jobs are claimed in the process's row as they start (one statement per job), so
// that the reaping beat hands a dead process's jobs to pg-boss to run again at once.
// A registry rather than shorter leases: a lease short enough to notice a death in seconds
// would be renewed several times by every turn, and the database is what every process shares.
import { randomUUID } from "node:crypto";
import type { JobClaims } from "@trellis/ai";
import { type Db, Prisma } from "@trellis/db";

export interface ProcessRegistryOptions {
  /** Heartbeat interval (default 1 s). */
  beatMs?: number;
  /** A process silent this long is dead (default 3 s). */
  deadAfterMs?: number;
  /** Finished turns' stream events are kept this long for late reconnects (default 10 min). */
  turnEventsMs?: number;
  /** Told when a beat ended the turn leases of dead processes (runs the recovery sweep). */
  onReaped?: (turns: number) => void;
  /** Told the note-taker jobs (claimed attempts) of the processes a beat reaped. */
  onAbandonedJobs?: (attempts: string[]) => void;
  onError?: (error: unknown) => void;
}

type Callbacks = "onReaped" | "onAbandonedJobs" | "onError";

export class ProcessRegistry implements JobClaims {
  readonly id: string = randomUUID();
  readonly #db: Db;
  readonly #options: Required<Omit<ProcessRegistryOptions, Callbacks>>;
  readonly #on: Required<Pick<ProcessRegistryOptions, Callbacks>>;
  /** Jobs that ended here since their claim: dropped from the row by the next beat. */
  readonly #released = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | null = null;
  #beats = 0;

  private constructor(db: Db, options: ProcessRegistryOptions) {
    this.#db = db;
    this.#options = {
      beatMs: options.beatMs ?? 1_000,
      deadAfterMs: options.deadAfterMs ?? 3_000,
      turnEventsMs: options.turnEventsMs ?? 10 * 60_000,
    };
    this.#on = {
      onReaped: options.onReaped ?? (() => {}),
      onAbandonedJobs: options.onAbandonedJobs ?? (() => {}),
      onError: options.onError ?? (() => {}),
    };
  }

  /** Registers this process (its first beat) and beats until `stop()`. */
  static async start(db: Db, options: ProcessRegistryOptions = {}): Promise<ProcessRegistry> {
    const registry = new ProcessRegistry(db, options);
    await registry.beat();
    registry.#timer = setInterval(() => {
      registry.#beating ??= registry
        .beat()
        .then(() => {}, registry.#on.onError)
        .finally(() => {
          registry.#beating = null;
        });
    }, registry.#options.beatMs);
    registry.#timer.unref();
    return registry;
  }

  /** One heartbeat, reaping the dead; returns how many turn leases it ended. */
  async beat(): Promise<number> {
    const deadSeconds = this.#options.deadAfterMs / 1000;
    const released = [...this.#released];
    const rows = await this.#db.prisma.$queryRaw<
      Array<{ turns: number; jobs: string[] }>
    >(Prisma.sql`
      WITH beat AS (
        INSERT INTO "ServerProcess" ("id", "heartbeatAt") VALUES (${this.id}, now())
        ON CONFLICT ("id") DO UPDATE SET "heartbeatAt" = now(),
          "noteJobs" = "ServerProcess"."noteJobs" - ${released}::text[]
      ), dead AS (
        DELETE FROM "ServerProcess"
        WHERE "heartbeatAt" < now() - make_interval(secs => ${deadSeconds}::double precision)
          AND "id" <> ${this.id}
        RETURNING "id", "noteJobs"
      ), slots AS (
        DELETE FROM "ConcurrencySlot" WHERE "ownerId" IN (SELECT "id" FROM dead)
      ), turns AS (
        UPDATE "TurnRecord" SET "leaseUntil" = now() - interval '1 millisecond'
        WHERE "ownerId" IN (SELECT "id" FROM dead) AND "leaseUntil" > now()
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM turns)::int AS turns,
        ARRAY(SELECT jsonb_array_elements_text(dead."noteJobs") FROM dead) AS jobs`);
    for (const attempt of released) this.#released.delete(attempt);
    const turns = rows[0]?.turns ?? 0;
    const jobs = rows[0]?.jobs ?? [];
    if (turns > 0) this.#on.onReaped(turns);
    if (jobs.length > 0) this.#on.onAbandonedJobs(jobs);
    // Housekeeping, once a minute or so: stream events of finished turns, stops never taken.
    if (this.#beats++ % 60 === 0) await this.#clean();
    return turns;
  }

  /** Records a note-taker job this process starts (JobClaims). */
  async claim(attempt: string): Promise<void> {
    await this.#db.prisma.$executeRaw`
      UPDATE "ServerProcess" SET "noteJobs" = "noteJobs" || to_jsonb(${attempt}::text)
      WHERE "id" = ${this.id}`;
  }

  release(attempt: string): void {
    this.#released.add(attempt);
  }

  async #clean(): Promise<void> {
    const { prisma } = this.#db;
    const now = Date.now();
    await prisma.turnEvent.deleteMany({
      where: { createdAt: { lt: new Date(now - this.#options.turnEventsMs) } },
    });
    await prisma.turnStop.deleteMany({ where: { createdAt: { lt: new Date(now - 60 * 60_000) } } });
  }

  /** Stops beating and leaves the registry (a clean stop: nothing of ours to reap). */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#beating;
    await this.#db.prisma.serverProcess.deleteMany({ where: { id: this.id } }).catch(() => {});
  }
}

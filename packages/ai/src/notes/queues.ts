// Where note-taker jobs run: pg-boss, a well-kept PostgreSQL job queue, on both databases (on a
// PostgreSQL server through its own pool; on the embedded PGlite through pg-boss's PGlite
// adapter, in the same database). Jobs survive a restart, retry with backoff, and every server
// process sharing the database takes its share.
//
// A process killed mid-job leaves that job `active`. On PGlite (one process) the next start
// retries such jobs at once. On PostgreSQL each job is claimed in the process registry before
// it runs (`claims`, one statement): when the registry reaps the dead process (its heartbeat
// silent for seconds), its jobs are failed through pg-boss (fenced to the attempt it ran) and
// run again at once (`retryAbandoned`). A job whose claim never reached the database falls back
// to pg-boss's own heartbeat: workers beat every `heartbeatSeconds / 2`, and pg-boss's monitor,
// every `checkSeconds`, fails (and so retries) an active job whose heartbeat is older than
// `heartbeatSeconds`: within `heartbeatSeconds + checkSeconds + retryDelaySeconds` of the kill,
// not after the whole expiry window. A job runs to completion once: the note taker keys each
// action it applies by message and position, so a job retried after a kill does not apply an
// action twice.
import { TraceFlags } from "@opentelemetry/api";
import type { Db } from "@trellis/db";
import { currentTraceIds, inSpan } from "@trellis/tracing";
import { fromPglite, type JobWithMetadata, PgBoss } from "pg-boss";
import type { NoteTakerQueue } from "../coach/coach-turn.ts";
import { aiTracer } from "../coach/turn-scope.ts";
import { type NoteJob, type NoteTaker, noteJobSchema } from "./note-taker.ts";

export interface NoteQueue extends NoteTakerQueue {
  /** Waits until no note-taker job is queued or running (tests, tooling). */
  drain(timeoutMs?: number): Promise<void>;
  /** True from start until stop: its worker takes jobs. */
  readonly running: boolean;
  /** Jobs waiting and running, as pg-boss last counted them (its monitor, every few seconds). */
  stats(): Promise<NoteQueueStats>;
  /** Runs again, at once, the jobs a dead process was running ("<job id>:<retry count>"). */
  retryAbandoned(attempts: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Where a process records the jobs it runs, so that its death frees them within seconds. */
export interface JobClaims {
  /** Recorded before the job's work starts ("<job id>:<retry count>"). */
  claim(attempt: string): Promise<void>;
  /** The job has ended here (the record may be dropped later). */
  release(attempt: string): void;
}

export interface NoteQueueStats {
  queued: number;
  active: number;
  /** Jobs that failed for good in pg-boss's recent window. */
  failed: number;
}

export interface QueueOptions {
  /** Retries after the first failure (default 3). */
  retryLimit?: number;
  /** First retry delay in whole seconds (default 2); doubled on every retry. */
  retryDelaySeconds?: number;
  /** A running job not heard from for this long is retried (default 10; pg-boss's minimum). */
  heartbeatSeconds?: number;
  /** How often stalled jobs are looked for (default 5). */
  checkSeconds?: number;
  /** Polling interval of the worker when no notification arrives (default 0.5). */
  pollingIntervalSeconds?: number;
  /** A job's final failure (after its retries), or a queue error (with an empty job). */
  onError?: (error: unknown, job: NoteJob) => void;
  /** Every failed run of a job; `final` when pg-boss will not retry it (metrics). */
  onJobFailure?: (final: boolean) => void;
  /** The process registry's record of running jobs (see `retryAbandoned`). */
  claims?: JobClaims;
}

const NOTE_QUEUE = "trellis-note-taker";

/** One run of a job, as pg-boss fences its settles (its claim increments `retryCount`). */
interface JobAttempt {
  id: string;
  retryCount: number;
}

/**
 * PGlite is one process (its data directory is locked), so a job `active` when it opens the
 * database was running in a process that died: retried now (after the retry delay), not after
 * its heartbeat and the next check (14 s after a restart, measured).
 */
async function retryOrphans(boss: PgBoss): Promise<void> {
  const orphans = (await boss.findJobs(NOTE_QUEUE)).filter((job) => job.state === "active");
  if (orphans.length > 0)
    await boss.fail(
      NOTE_QUEUE,
      orphans.map((job) => job.id),
    );
}

const ACTIVE_STATES: ReadonlySet<string> = new Set(["created", "retry", "active"]);

export class PgBossNoteQueue implements NoteQueue {
  readonly #boss: PgBoss;
  readonly #sending = new Set<Promise<unknown>>();
  #running = true;

  private constructor(boss: PgBoss) {
    this.#boss = boss;
  }

  /** Starts pg-boss on the database (it manages its own `pgboss` schema) and a worker. */
  static async start(
    db: Db,
    noteTaker: NoteTaker,
    options: QueueOptions = {},
  ): Promise<PgBossNoteQueue> {
    const onError = options.onError ?? (() => {});
    const checkSeconds = options.checkSeconds ?? 5;
    const boss = new PgBoss({
      ...(db.kind === "pglite"
        ? { db: fromPglite(db.pglite), backend: "pglite" as const }
        : { connectionString: db.url, max: 4 }),
      superviseIntervalSeconds: checkSeconds,
      monitorIntervalSeconds: checkSeconds,
    });
    boss.on("error", (error) => onError(error, { userId: "", messageId: "" }));
    await boss.start();
    const queue = {
      retryLimit: options.retryLimit ?? 3,
      retryDelay: options.retryDelaySeconds ?? 2,
      retryBackoff: true,
      heartbeatSeconds: options.heartbeatSeconds ?? 10,
    };
    await boss.createQueue(NOTE_QUEUE, queue);
    // A queue created by an earlier version keeps its old settings unless updated.
    await boss.updateQueue(NOTE_QUEUE, queue);
    if (db.kind === "pglite") await retryOrphans(boss);
    const work = {
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
      includeMetadata: true,
    } as const;
    await boss.work<NoteJob, void, typeof work>(
      NOTE_QUEUE,
      work,
      async (jobs: JobWithMetadata<NoteJob>[]) => {
        for (const job of jobs) await runJob(noteTaker, job, { ...options, onError });
      },
    );
    return new PgBossNoteQueue(boss);
  }

  async enqueue(job: NoteJob): Promise<void> {
    const { traceId, spanId } = currentTraceIds();
    const queuedBy = traceId !== null && spanId !== null ? { traceId, spanId } : undefined;
    const sending = this.#boss.send(NOTE_QUEUE, queuedBy ? { ...job, queuedBy } : job);
    this.#sending.add(sending);
    try {
      await sending;
    } finally {
      this.#sending.delete(sending);
    }
  }

  async retryAbandoned(attempts: readonly string[]): Promise<void> {
    const jobs = attempts.flatMap(parseAttempt);
    if (jobs.length === 0) return;
    // Fenced: only the attempt the dead process ran, if it is still active, is failed.
    await this.#boss.fail(NOTE_QUEUE, jobs, { message: "its server process died" });
    // The process died, not the job: no retry delay.
    for (const { id } of jobs)
      await this.#boss.update(NOTE_QUEUE, undefined, { id, startAfter: 0 });
  }

  async drain(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // A turn enqueues without waiting: a job still being sent is not in the table yet.
    await Promise.allSettled([...this.#sending]);
    while (Date.now() < deadline) {
      const jobs = await this.#boss.findJobs(NOTE_QUEUE);
      if (!jobs.some((job) => ACTIVE_STATES.has(job.state))) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`note-taker jobs still pending after ${timeoutMs} ms`);
  }

  get running(): boolean {
    return this.#running;
  }

  async stats(): Promise<NoteQueueStats> {
    const queue = await this.#boss.getQueue(NOTE_QUEUE);
    return {
      queued: queue?.queuedCount ?? 0,
      active: queue?.activeCount ?? 0,
      failed: queue?.failedCount ?? 0,
    };
  }

  /** Lets running jobs finish (up to 5 s; then they are failed, and so retried later). */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#boss.stop({ graceful: true, timeout: 5000 });
  }
}

function attemptOf(job: JobAttempt): string {
  return `${job.id}:${job.retryCount}`;
}

function parseAttempt(attempt: string): JobAttempt[] {
  const match = /^([0-9a-f-]{36}):(\d+)$/i.exec(attempt);
  return match?.[1] && match[2] ? [{ id: match[1], retryCount: Number(match[2]) }] : [];
}

type JobOptions = Pick<QueueOptions, "onJobFailure" | "claims"> & {
  onError: (error: unknown, job: NoteJob) => void;
};

async function runJob(
  noteTaker: NoteTaker,
  job: JobWithMetadata<NoteJob>,
  { onError, onJobFailure, claims }: JobOptions,
): Promise<void> {
  const data = noteJobSchema.parse(job.data);
  const attempt = attemptOf(job);
  // Unclaimed, the job still runs: a death then waits for pg-boss's heartbeat timeout.
  await claims?.claim(attempt).catch((error: unknown) => onError(error, data));
  // A job is its own trace (it runs later, maybe elsewhere), linked to the turn that queued it.
  const links = data.queuedBy
    ? [{ context: { ...data.queuedBy, traceFlags: TraceFlags.SAMPLED, isRemote: true } }]
    : [];
  const attributes = {
    "trellis.user.id": data.userId,
    "trellis.turn.id": data.messageId,
    "trellis.job.id": job.id,
    "trellis.job.retry": job.retryCount,
  };
  try {
    await inSpan(aiTracer, "notes.job", { root: true, links, attributes }, () =>
      noteTaker.run(data),
    );
  } catch (error) {
    const final = job.retryCount >= job.retryLimit;
    onJobFailure?.(final);
    // Reported once, when pg-boss will not try again.
    if (final) onError(error, data);
    throw error;
  } finally {
    claims?.release(attempt);
  }
}

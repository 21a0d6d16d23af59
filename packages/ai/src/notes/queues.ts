// Where note-taker jobs run. On PostgreSQL: pg-boss, a well-kept PostgreSQL job queue (jobs
// survive a restart, retry with backoff, and every server process sharing the database takes
// its share). Embedded: one process, so an in-process runner over the same interface.
import { PgBoss } from "pg-boss";
import type { NoteTakerQueue } from "../coach/coach-turn.ts";
import { type NoteJob, type NoteTaker, noteJobSchema } from "./note-taker.ts";

export interface NoteQueue extends NoteTakerQueue {
  /** Waits for queued work to finish (tests, graceful shutdown of the in-process runner). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueOptions {
  retryLimit?: number;
  /** First retry delay in seconds; doubled on every retry. */
  retryDelaySeconds?: number;
  onError?: (error: unknown, job: NoteJob) => void;
}

export class InProcessNoteQueue implements NoteQueue {
  readonly #noteTaker: NoteTaker;
  readonly #options: Required<QueueOptions>;
  readonly #running = new Set<Promise<void>>();
  #stopped = false;

  constructor(noteTaker: NoteTaker, options: QueueOptions = {}) {
    this.#noteTaker = noteTaker;
    this.#options = {
      retryLimit: options.retryLimit ?? 2,
      retryDelaySeconds: options.retryDelaySeconds ?? 1,
      onError: options.onError ?? (() => {}),
    };
  }

  async enqueue(job: NoteJob): Promise<void> {
    if (this.#stopped) return;
    const run = this.#attempt(job, 0).finally(() => this.#running.delete(run));
    this.#running.add(run);
  }

  async #attempt(job: NoteJob, retry: number): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    try {
      await this.#noteTaker.run(job);
    } catch (error) {
      if (retry >= this.#options.retryLimit || this.#stopped) {
        this.#options.onError(error, job);
        return;
      }
      const delay = this.#options.retryDelaySeconds * 1000 * 2 ** retry;
      await new Promise((resolve) => setTimeout(resolve, delay));
      await this.#attempt(job, retry + 1);
    }
  }

  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.drain();
  }
}

export const NOTE_QUEUE = "trellis-note-taker";

export class PgBossNoteQueue implements NoteQueue {
  readonly #boss: PgBoss;
  readonly #options: Required<QueueOptions>;

  private constructor(boss: PgBoss, options: Required<QueueOptions>) {
    this.#boss = boss;
    this.#options = options;
  }

  /** Starts pg-boss on the database (it manages its own `pgboss` schema) and a worker. */
  static async start(
    url: string,
    noteTaker: NoteTaker,
    options: QueueOptions = {},
  ): Promise<PgBossNoteQueue> {
    const resolved = {
      retryLimit: options.retryLimit ?? 3,
      retryDelaySeconds: options.retryDelaySeconds ?? 2,
      onError: options.onError ?? (() => {}),
    };
    const boss = new PgBoss({ connectionString: url, max: 4 });
    boss.on("error", (error) => resolved.onError(error, { userId: "", messageId: "" }));
    await boss.start();
    await boss.createQueue(NOTE_QUEUE, {
      retryLimit: resolved.retryLimit,
      retryDelay: resolved.retryDelaySeconds,
      retryBackoff: true,
    });
    await boss.work<NoteJob>(NOTE_QUEUE, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) {
        const data = noteJobSchema.parse(job.data);
        try {
          await noteTaker.run(data);
        } catch (error) {
          resolved.onError(error, data);
          throw error;
        }
      }
    });
    return new PgBossNoteQueue(boss, resolved);
  }

  async enqueue(job: NoteJob): Promise<void> {
    await this.#boss.send(NOTE_QUEUE, job);
  }

  /** Waits until no note-taker job is queued or running (polling pg-boss; tests and tooling). */
  async drain(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // `queued: true` leaves out jobs being worked on; an active job is not drained yet.
      const jobs = await this.#boss.findJobs(NOTE_QUEUE);
      const active = jobs.filter(
        (job) => job.state === "created" || job.state === "active" || job.state === "retry",
      );
      if (active.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  get options(): Readonly<Required<QueueOptions>> {
    return this.#options;
  }

  async stop(): Promise<void> {
    await this.#boss.stop({ graceful: true, timeout: 5000 });
  }
}

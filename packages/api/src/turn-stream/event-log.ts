// A streamed turn's events in the database (table "TurnEvent"), so that any server process can
// serve the turn's stream. The process that runs the turn writes its numbered events in
// batches, one statement per batch (the rows and the wake-up notification together), at most
// one batch per `intervalMs`: a turn of N deltas costs N rows but only a bounded number of
// statements. Followers on other processes read the rows after their last id when woken.
import { isTerminalTurnEvent } from "@trellis/contract";
import { turnStreamEventSchema } from "@trellis/contract/schemas";
import type { Db } from "@trellis/db";
import { Prisma } from "@trellis/db";
import { SIGNALS_CHANNEL } from "@trellis/engine";
import type { NumberedEvent } from "./live-turn.ts";

/** The signal that tells followers a turn has new rows. */
export const TURN_EVENTS_SIGNAL = "turn.events ";

export class TurnEventWriter {
  readonly #db: Db;
  readonly #userId: string;
  readonly #intervalMs: number;
  readonly #onError: (error: unknown) => void;
  #turnId: string | null = null;
  #queue: NumberedEvent[] = [];
  #writing: Promise<void> | null = null;
  #first = true;
  #muted = false;

  constructor(
    db: Db,
    userId: string,
    options: { intervalMs: number; onError: (error: unknown) => void },
  ) {
    this.#db = db;
    this.#userId = userId;
    this.#intervalMs = options.intervalMs;
    this.#onError = options.onError;
  }

  /** Queues an event; events before the turn has an id (it never started) are not kept. */
  add(item: NumberedEvent): void {
    if (item.event.type === "turn.started") this.#turnId = item.event.turnId;
    if (this.#turnId === null) return;
    this.#queue.push(item);
    this.#writing ??= this.#drain().finally(() => {
      this.#writing = null;
    });
  }

  /** Resolves once everything queued so far is written (or failed). */
  async flushed(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const began = Date.now();
      const batch = this.#queue.splice(0);
      await this.#write(batch).catch(this.#onError);
      // A bounded write rate: what arrives meanwhile goes into the next batch.
      const rest = this.#intervalMs - (Date.now() - began);
      if (this.#queue.length > 0 && rest > 0) await new Promise((r) => setTimeout(r, rest));
    }
  }

  async #write(batch: NumberedEvent[]): Promise<void> {
    const turnId = this.#turnId;
    if (turnId === null) return;
    if (this.#muted) return;
    const written = await this.#insert(turnId, batch);
    if (written === batch.length || !this.#first) {
      this.#first = false;
      return;
    }
    this.#first = false;
    const last = await lastTurnEvent(this.#db, turnId);
    if (last !== null && isTerminalTurnEvent(last.event)) {
      // The turn's rows are there, to its end: this is a replay of a finished turn (a retry
      // under its key), whose own two events must not replace the words others may read.
      this.#muted = true;
      return;
    }
    // Rows of an earlier run of this turn (its process died; this one resumed it and numbers
    // its events afresh, its `turn.started` resetting followers): replaced.
    await this.#db.prisma.turnEvent.deleteMany({ where: { turnId } });
    await this.#insert(turnId, batch);
  }

  async #insert(turnId: string, batch: NumberedEvent[]): Promise<number> {
    const seqs = batch.map((item) => item.seq);
    const events = batch.map((item) => JSON.stringify(item.event));
    const rows = await this.#db.prisma.$queryRaw<Array<{ written: number }>>(Prisma.sql`
      WITH ins AS (
        INSERT INTO "TurnEvent" ("turnId", "seq", "userId", "event")
        SELECT ${turnId}, t.seq, ${this.#userId}, t.event::jsonb
        FROM unnest(${seqs}::int[], ${events}::text[]) AS t(seq, event)
        ON CONFLICT DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM ins)::int AS written,
        pg_notify(${SIGNALS_CHANNEL}, ${TURN_EVENTS_SIGNAL + turnId})`);
    return rows[0]?.written ?? 0;
  }
}

/** The last event written for a turn, if any. */
export async function lastTurnEvent(db: Db, turnId: string): Promise<NumberedEvent | null> {
  const row = await db.prisma.turnEvent.findFirst({
    where: { turnId },
    orderBy: { seq: "desc" },
    select: { seq: true, event: true },
  });
  const parsed = turnStreamEventSchema.safeParse(row?.event);
  return row && parsed.success ? { seq: row.seq, event: parsed.data } : null;
}

// Per-user concurrency limits that hold across server processes: a running turn or an open
// subscription holds a row in "ConcurrencySlot" until it ends. The holder renews the row while
// it runs, so a process that dies (kill -9) leaves rows that lapse on their own within a
// bounded time instead of blocking the user for good; with the process registry, within
// seconds (it deletes the slots of a process whose heartbeat stopped).
import type { Db } from "@trellis/db";

export interface HeldSlot {
  /** Frees the slot (idempotent; never rejects). */
  release(): Promise<void>;
}

export class ConcurrencySlots {
  readonly #db: Db;
  readonly #renewMs: number;
  /** A slot not renewed for this long counts as abandoned. */
  readonly #leaseMs: number;
  readonly #owner: { ownerId: string } | Record<string, never>;

  /** `ownerId`: this process in the process registry, which deletes a dead process's slots. */
  constructor(db: Db, options: { renewSeconds: number; ownerId?: string | undefined }) {
    this.#db = db;
    this.#owner = options.ownerId !== undefined ? { ownerId: options.ownerId } : {};
    this.#renewMs = options.renewSeconds * 1000;
    this.#leaseMs = this.#renewMs * 3;
  }

  /**
   * Takes one of `limit` slots of `key`, or returns null when all are held. Optimistic, with no
   * transaction or lock (two statements, where a locked check took five): the row is written
   * first, and the live rows are counted after it has committed. Of two acquirers at once, the
   * one that counts later sees the other's row, so the cap is never exceeded; both may see
   * each other and both refuse (rare, and a retry wins).
   */
  async acquire(key: string, limit: number): Promise<HeldSlot | null> {
    const { prisma } = this.#db;
    const now = new Date();
    const { id } = await prisma.concurrencySlot.create({
      data: { key, expiresAt: new Date(now.getTime() + this.#leaseMs), ...this.#owner },
      select: { id: true },
    });
    const held = await prisma.concurrencySlot.count({ where: { key, expiresAt: { gt: now } } });
    if (held > limit) {
      await prisma.concurrencySlot.deleteMany({ where: { id } });
      return null;
    }

    const renew = setInterval(() => {
      prisma.concurrencySlot
        .updateMany({ where: { id }, data: { expiresAt: new Date(Date.now() + this.#leaseMs) } })
        // A failed renewal only shortens the lease; the next one may succeed.
        .catch(() => {});
    }, this.#renewMs);
    renew.unref();
    let released: Promise<void> | undefined;
    return {
      release: () => {
        released ??= (async () => {
          clearInterval(renew);
          // Never fails its caller (a finished turn stays finished): a slot that could not be
          // deleted lapses at its expiry.
          // Lapsed slots of the same key (left by dead processes) go with it.
          await prisma.concurrencySlot
            .deleteMany({ where: { key, OR: [{ id }, { expiresAt: { lte: new Date() } }] } })
            .catch(() => {});
        })();
        return released;
      },
    };
  }
}

// A user's lifecycle events as one stream in id order, each exactly once, resumable by id.
//
// The event table is the truth; the bus only wakes the stream up. When woken (a notification
// for this user, or the bus resuming after an outage) the stream reads the table after the last
// id it sent. A user's events are written under that user's lock, so their ids commit in
// increasing order: reading "after the last id" never skips one that commits later. A
// notification that arrives late, out of order, twice or never changes nothing but latency
// (the next wake-up reads everything still unread). A notification can be lost for good (the
// publish after a commit failed), so an idle stream also reads every `pollMs`: that bounds
// the delay of an event whose notification never came.
//
// Order of operations: subscribe to the bus first, then take the starting point (the client's
// last id, or the user's newest event for live-only), then read; a wake-up that arrives during
// a read makes the loop read once more.
import type { ActionEventMessage } from "@trellis/contract";
import type { EventBus } from "@trellis/engine";

export interface EventStreamOptions {
  bus: Pick<EventBus, "subscribe" | "onResume">;
  /** Persisted events after `afterId`, oldest first (`engine.eventsSince`). */
  replay(afterId: bigint, limit: number): Promise<ActionEventMessage[]>;
  /** The user's newest event id (0 without events): where a live-only stream starts. */
  latestId(): Promise<bigint>;
  userId: string;
  /** The last event id the client received; null for live events only. */
  lastEventId: bigint | null;
  signal: AbortSignal;
  replayPageSize?: number;
  /** An idle stream reads the table this often even without a notification (default 30 s). */
  pollMs?: number;
}

const EVENT_ID = /^\d{1,19}$/;

export async function* userEventStream(
  options: EventStreamOptions,
): AsyncGenerator<ActionEventMessage, void, undefined> {
  const { bus, userId, signal } = options;
  const pageSize = options.replayPageSize ?? 500;
  const pollMs = options.pollMs ?? 30_000;
  // The last id sent (null until a live-only stream has its starting point): what the bus
  // listener compares notifications with.
  let cursor = options.lastEventId;
  // With a last id, what the client missed is read at once; live-only waits for a wake-up.
  let unread = cursor !== null;
  let wake: (() => void) | null = null;
  const poke = () => {
    unread = true;
    wake?.();
  };
  const unsubscribe = bus.subscribe(userId, (event) => {
    // A notification for an event already sent needs no read.
    if (cursor !== null && EVENT_ID.test(event.id) && BigInt(event.id) <= cursor) return;
    poke();
  });
  const stopResume = bus.onResume(poke);
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);
  try {
    let from = cursor ?? (await options.latestId());
    cursor = from;
    while (!signal.aborted) {
      if (!unread) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(poke, pollMs);
        });
        clearTimeout(timer);
        wake = null;
        continue;
      }
      unread = false;
      for (;;) {
        const page = await options.replay(from, pageSize);
        for (const event of page) {
          if (signal.aborted) return;
          const id = BigInt(event.id);
          // Never at or below what the client already has, whatever a reader returns.
          if (id <= from) continue;
          from = id;
          cursor = id;
          yield event;
        }
        if (page.length < pageSize) break;
      }
    }
  } finally {
    unsubscribe();
    stopResume();
    signal.removeEventListener("abort", onAbort);
  }
}

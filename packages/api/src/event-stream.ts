// A user's lifecycle events as one gap-free, duplicate-free stream, resumable by event id.
//
// Order of operations (any other order loses or repeats events):
//   1. subscribe to the live bus first, buffering what arrives;
//   2. replay from the database every event after the client's last id (events are persisted
//      before they are published, so nothing committed is missing from the database);
//   3. drain the buffer, skipping ids the replay already sent; then stream live events.
// An event committed during the replay is in the buffer, the database, or both: never neither.
import type { ActionEventMessage, EventBus } from "@trellis/engine";

export interface EventStreamOptions {
  bus: Pick<EventBus, "subscribe">;
  /** Persisted events after `afterId`, oldest first (`engine.eventsSince`). */
  replay(afterId: bigint, limit: number): Promise<ActionEventMessage[]>;
  userId: string;
  /** The last event id the client received; null for live events only. */
  lastEventId: bigint | null;
  signal: AbortSignal;
  replayPageSize?: number;
}

export async function* userEventStream(
  options: EventStreamOptions,
): AsyncGenerator<ActionEventMessage, void, undefined> {
  const { bus, userId, signal } = options;
  const pageSize = options.replayPageSize ?? 500;
  const buffer: ActionEventMessage[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = bus.subscribe(userId, (event) => {
    buffer.push(event);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);
  try {
    const replayed = new Set<string>();
    let cursor = options.lastEventId;
    while (cursor !== null && !signal.aborted) {
      const page = await options.replay(cursor, pageSize);
      for (const event of page) {
        if (signal.aborted) return;
        replayed.add(event.id);
        cursor = BigInt(event.id);
        yield event;
      }
      if (page.length < pageSize) break;
    }
    while (!signal.aborted) {
      const event = buffer.shift();
      if (event === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      if (replayed.has(event.id)) continue;
      yield event;
    }
  } finally {
    unsubscribe();
    signal.removeEventListener("abort", onAbort);
  }
}

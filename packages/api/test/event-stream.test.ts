// The resumable event stream: the event table is the truth, the bus a wake-up. Whatever order,
// repetition or loss the notifications have, the stream sends every event after the client's
// last id exactly once, in id order.
import type { ActionEventMessage } from "@trellis/contract";
import { InProcessEventBus } from "@trellis/engine";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type EventStreamOptions, userEventStream } from "../src/event-stream.ts";

const USER = "user-1";

function event(id: number, userId = USER): ActionEventMessage {
  return {
    id: String(id),
    userId,
    actionId: `action-${id}`,
    actionType: "create_identity",
    kind: "completed",
    summary: `event ${id}`,
    data: null,
    truncated: false,
    createdAt: new Date(0).toISOString(),
  };
}

/** A stand-in for the ActionEvent table of one user. */
class Table {
  readonly rows: ActionEventMessage[] = [];
  readonly reads: bigint[] = [];
  insert(...ids: number[]) {
    this.rows.push(...ids.map((id) => event(id)));
  }
  readonly replay: EventStreamOptions["replay"] = async (afterId, limit) => {
    this.reads.push(afterId);
    return this.rows
      .filter((e) => BigInt(e.id) > afterId)
      .sort((a, b) => Number(a.id) - Number(b.id))
      .slice(0, limit);
  };
  readonly latestId = async () => this.rows.reduce((max, e) => Math.max(max, Number(e.id)), 0);
}

/** The stream of USER's events after `lastEventId`, read from `table`, woken by `bus`. */
function stream(
  table: Table,
  bus: EventStreamOptions["bus"],
  lastEventId: bigint | null,
  options: Partial<EventStreamOptions> = {},
) {
  const controller = new AbortController();
  const events = userEventStream({
    bus,
    replay: table.replay,
    latestId: async () => BigInt(await table.latestId()),
    userId: USER,
    lastEventId,
    signal: controller.signal,
    ...options,
  });
  return { events, controller };
}

/** Takes `count` items from the stream, then ends it. */
async function take(events: AsyncGenerator<ActionEventMessage>, count: number) {
  const ids: string[] = [];
  for await (const e of events) {
    ids.push(e.id);
    if (ids.length === count) break;
  }
  return ids;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe("userEventStream", () => {
  it("without a last id, starts after the newest stored event and streams what follows", async () => {
    const table = new Table();
    const bus = new InProcessEventBus();
    table.insert(1, 2);
    const { events } = stream(table, bus, null);
    const taken = take(events, 2);
    await tick();
    table.insert(3, 4);
    await bus.publish([event(3), event(99, "someone-else")]);
    expect(await taken).toEqual(["3", "4"]);
  });

  it("sends events in id order however the notifications arrive (late, reordered, repeated)", async () => {
    const table = new Table();
    const bus = new InProcessEventBus();
    const { events } = stream(table, bus, 0n);
    const taken = take(events, 4);
    await tick();
    table.insert(5, 6);
    await bus.publish([event(6)]);
    await tick();
    table.insert(7, 8);
    await bus.publish([event(8), event(7), event(5), event(8)]);
    expect(await taken).toEqual(["5", "6", "7", "8"]);
  });

  it("replays what was missed, then live events, each exactly once", async () => {
    const table = new Table();
    const bus = new InProcessEventBus();
    table.insert(1, 2, 3, 4);
    const { events } = stream(table, bus, 2n);
    const taken = take(events, 4);
    await tick();
    table.insert(5);
    await bus.publish([event(3), event(5)]);
    await tick();
    table.insert(6);
    await bus.publish([event(6)]);
    expect(await taken).toEqual(["3", "4", "5", "6"]);
  });

  it("never sends an event at or below the client's last id, whatever the reader returns", async () => {
    const bus = new InProcessEventBus();
    const { events } = stream(new Table(), bus, 2n, {
      // A careless reader: returns everything, old events included.
      replay: async () => [event(1), event(2), event(3)],
      latestId: async () => 3n,
    });
    expect(await take(events, 1)).toEqual(["3"]);
  });

  it("pages through a long replay", async () => {
    const table = new Table();
    const bus = new InProcessEventBus();
    table.insert(1, 2, 3, 4, 5, 6, 7);
    const { events } = stream(table, bus, 0n, { replayPageSize: 3 });
    expect(await take(events, 7)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(table.reads).toEqual([0n, 3n, 6n]);
  });

  it("catches up from the table when the bus resumes after notifications were lost", async () => {
    const table = new Table();
    const bus = new InProcessEventBus();
    let resume = () => {};
    const lossy = {
      // A bus whose notifications all get lost; only its resumption says "read again".
      subscribe: () => () => {},
      onResume(callback: () => void) {
        resume = callback;
        return () => {};
      },
    };
    const { events } = stream(table, lossy, null);
    const taken = take(events, 2);
    await tick();
    table.insert(1, 2);
    await bus.publish([event(1), event(2)]);
    await tick();
    resume();
    expect(await taken).toEqual(["1", "2"]);
  });

  it("reads the table every pollMs while idle, so a lost notification only delays an event", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const table = new Table();
    // A bus that never delivers anything, and never says so.
    const deaf = { subscribe: () => () => {}, onResume: () => () => {} };
    const { events } = stream(table, deaf, null, { pollMs: 1000 });
    const taken = take(events, 1);
    await vi.advanceTimersByTimeAsync(0);
    table.insert(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(table.reads).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await taken).toEqual(["1"]);
  });

  it("ends when its signal aborts, and leaves the bus", async () => {
    const table = new Table();
    const bus = new InProcessEventBus();
    let subscribed = 0;
    const counting = {
      subscribe(userId: string, listener: (e: ActionEventMessage) => void) {
        subscribed++;
        const off = bus.subscribe(userId, listener);
        return () => {
          subscribed--;
          off();
        };
      },
      onResume(callback: () => void) {
        subscribed++;
        const off = bus.onResume(callback);
        return () => {
          subscribed--;
          off();
        };
      },
    };
    const { events, controller } = stream(table, counting, null);
    const done = (async () => {
      const ids: string[] = [];
      for await (const e of events) ids.push(e.id);
      return ids;
    })();
    await tick();
    table.insert(1);
    await bus.publish([event(1)]);
    await tick();
    controller.abort();
    expect(await done).toEqual(["1"]);
    expect(subscribed).toBe(0);
  });
});

// The resumable event stream: replay, then buffered live events without gaps or duplicates.
import { type ActionEventMessage, InProcessEventBus } from "@trellis/engine";
import { describe, expect, it } from "vitest";
import { userEventStream } from "../src/event-stream.ts";

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

/** Takes `count` items from the stream, then aborts it. */
async function take(stream: AsyncGenerator<ActionEventMessage>, count: number) {
  const ids: string[] = [];
  for await (const e of stream) {
    ids.push(e.id);
    if (ids.length === count) break;
  }
  return ids;
}

describe("userEventStream", () => {
  it("streams live events only when no last id is given", async () => {
    const bus = new InProcessEventBus();
    const controller = new AbortController();
    const stream = userEventStream({
      bus,
      replay: async () => {
        throw new Error("must not replay");
      },
      userId: USER,
      lastEventId: null,
      signal: controller.signal,
    });
    const taken = take(stream, 2);
    await Promise.resolve();
    await bus.publish([event(7), event(8, "someone-else"), event(9)]);
    expect(await taken).toEqual(["7", "9"]);
  });

  it("replays what was missed, then the buffered live events, each exactly once", async () => {
    const bus = new InProcessEventBus();
    const stored = [event(3), event(4), event(5)];
    const stream = userEventStream({
      bus,
      // While the replay query runs, 5 (already in the database) and 6 (new) are published.
      replay: async (afterId) => {
        await bus.publish([event(5), event(6)]);
        return stored.filter((e) => BigInt(e.id) > afterId);
      },
      userId: USER,
      lastEventId: 2n,
      signal: new AbortController().signal,
    });
    const taken = take(stream, 5);
    setTimeout(() => void bus.publish([event(7)]), 20);
    expect(await taken).toEqual(["3", "4", "5", "6", "7"]);
  });

  it("pages through a long replay", async () => {
    const bus = new InProcessEventBus();
    const stored = Array.from({ length: 7 }, (_, i) => event(i + 1));
    const calls: bigint[] = [];
    const stream = userEventStream({
      bus,
      replay: async (afterId, limit) => {
        calls.push(afterId);
        return stored.filter((e) => BigInt(e.id) > afterId).slice(0, limit);
      },
      userId: USER,
      lastEventId: 0n,
      signal: new AbortController().signal,
      replayPageSize: 3,
    });
    expect(await take(stream, 7)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(calls).toEqual([0n, 3n, 6n]);
  });

  it("ends when its signal aborts, and unsubscribes from the bus", async () => {
    const bus = new InProcessEventBus();
    const controller = new AbortController();
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
    };
    const stream = userEventStream({
      bus: counting,
      replay: async () => [],
      userId: USER,
      lastEventId: null,
      signal: controller.signal,
    });
    const done = (async () => {
      const ids: string[] = [];
      for await (const e of stream) ids.push(e.id);
      return ids;
    })();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await bus.publish([event(1)]);
    controller.abort();
    expect(await done).toEqual(["1"]);
    expect(subscribed).toBe(0);
  });
});

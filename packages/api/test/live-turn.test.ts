// A streamed turn's events in one process: followers read from where they left off, the
// terminal event ends every follower, and a follower leaving does not end the turn.
import { describe, expect, it } from "vitest";
import { LiveTurn } from "../src/turn-stream/live-turn.ts";

async function take(iterable: AsyncIterable<{ seq: number }>, count: number): Promise<number[]> {
  const seen: number[] = [];
  for await (const { seq } of iterable) {
    seen.push(seq);
    if (seen.length === count) break;
  }
  return seen;
}

describe("LiveTurn", () => {
  it("numbers events from 1; a follower resumes after the last number it got", async () => {
    const live = new LiveTurn("u1");
    live.push({ type: "turn.started", turnId: "t1", userMessageId: "m1" });
    live.push({ type: "message.delta", text: "Hi" });
    const leave = new AbortController();
    const following = take(live.follow(1, leave.signal), 3);
    live.push({ type: "message.delta", text: " there" });
    live.push({ type: "turn.stopped" });
    expect(await following).toEqual([2, 3, 4]);
    expect(live.turnId).toBe("t1");
    expect(live.done).toBe(true);
  });

  it("ends every follower at the terminal event and takes nothing after it", async () => {
    const live = new LiveTurn("u1");
    const leave = new AbortController();
    const a = take(live.follow(0, leave.signal), 10);
    const b = take(live.follow(0, leave.signal), 10);
    live.push({ type: "turn.started", turnId: "t1", userMessageId: "m1" });
    live.push({ type: "turn.failed", error: { kind: "model_failed", message: "down" } });
    live.push({ type: "message.delta", text: "late" });
    expect(await a).toEqual([1, 2]);
    expect(await b).toEqual([1, 2]);
    expect(await take(live.follow(0, leave.signal), 10)).toEqual([1, 2]);
  });

  it("a follower that leaves stops waiting; the turn goes on for the others", async () => {
    const live = new LiveTurn("u1");
    live.push({ type: "turn.started", turnId: "t1", userMessageId: "m1" });
    const leave = new AbortController();
    const gone = take(live.follow(0, leave.signal), 10);
    const stays = take(live.follow(0, new AbortController().signal), 10);
    await new Promise((resolve) => setImmediate(resolve));
    leave.abort();
    expect(await gone).toEqual([1]);
    live.push({ type: "turn.stopped" });
    expect(await stays).toEqual([1, 2]);
    expect(live.stopper.signal.aborted).toBe(false);
  });

  it("a follower at or after the end of a finished turn ends at once, with nothing", async () => {
    const live = new LiveTurn("u1");
    live.push({ type: "turn.started", turnId: "t1", userMessageId: "m1" });
    live.push({ type: "turn.stopped" });
    const stays = new AbortController().signal;
    // A reconnect just after the end (its last id is the terminal event's), or a larger id.
    expect(await take(live.follow(2, stays), 10)).toEqual([]);
    expect(await take(live.follow(1_000, stays), 10)).toEqual([]);
  });
});

// One request must not hold the server: a batch larger than `maxBatchSize` is refused whole,
// and the calls of an accepted batch give the event loop a turn between them (on PGlite every
// query runs on the event loop's thread, so a batch run all at once froze the server).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "./support.ts";

const MAX_BATCH = 120;
let h: Harness;
let user: TestUser;
beforeAll(async () => {
  h = await startHarness({ maxBatchSize: MAX_BATCH });
  user = await h.newUser();
});
afterAll(() => h.dispose());

function batch(calls: number): Promise<Response> {
  const paths = Array.from({ length: calls }, () => "state.get").join(",");
  return fetch(`${h.url}/trpc/${paths}?batch=1&input=${encodeURIComponent("{}")}`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
}

describe("batch limits", () => {
  it("refuses a batch over maxBatchSize with 400, running none of its calls", async () => {
    const response = await batch(MAX_BATCH + 1);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Batch call exceeds maximum size");
  });

  it("yields to the event loop between the calls of a batch", async () => {
    // Event-loop turns counted while the batch runs: a server that ran every call back to back
    // in microtasks gets none until the whole batch is done.
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns++;
      if (counting) setImmediate(tick);
    };
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    setImmediate(tick);
    const response = await batch(MAX_BATCH);
    const body = await response.json();
    counting = false;
    histogram.disable();
    expect(response.status).toBe(200);
    expect(body).toHaveLength(MAX_BATCH);
    console.info(
      `batch of ${MAX_BATCH}: ${turns} event-loop turns, delay max ${(histogram.max / 1e6).toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms`,
    );
    expect(turns).toBeGreaterThanOrEqual(MAX_BATCH / 4);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeReply } from "../../src/testing/index.ts";
import { expectModelError, helloRequest, providerFor, useFakeServer } from "./helpers.ts";

const fake = useFakeServer();

const request = helloRequest;
const ok = fakeReply.json({ message: "Hi!", actions: [] });
// Without a retry hint the SDK backs off 0.5 s, 1 s, …; tests ask for an immediate retry.
const retryNow = { "retry-after-ms": "0" };
/** A reply that never comes while the test runs (close() drops it). */
const NEVER_MS = 3_600_000;
// Captured before any test fakes timers: polling must wait in real time, not advance fake time.
const realSetTimeout = globalThis.setTimeout;

/** Resolves once `check` holds, polling in real time (a hang fails on the test timeout). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => realSetTimeout(resolve, 10));
}

describe.each([
  { mode: "JSON", stream: false },
  { mode: "SSE", stream: true },
])("OpenAIProvider retries and failures ($mode)", ({ stream }) => {
  it("retries a 429 (retry-after: 0) and succeeds", async () => {
    fake().enqueue(fakeReply.rateLimited(), ok);
    const reply = await providerFor(fake(), { stream, maxRetries: 2 }).structured(request);
    expect(reply.raw).toBe('{"message":"Hi!","actions":[]}');
    expect(fake().requests).toHaveLength(2);
    // A retry sends the same body again.
    expect(fake().request(1).body).toEqual(fake().request(0).body);
  });

  it("gives up on repeated 500s after maxRetries + 1 requests with ModelError server", async () => {
    const failure = fakeReply.error(500, { message: "boom", headers: retryNow });
    fake().enqueue(failure, failure, failure, failure);
    const error = await expectModelError(
      providerFor(fake(), { stream, maxRetries: 2 }).structured(request),
      "server",
    );
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("boom");
    expect(fake().requests).toHaveLength(3);
    expect(fake().pending).toBe(1);
  });

  it("reports a persistent 429 as ModelError rate_limited", async () => {
    fake().enqueue(fakeReply.rateLimited(), fakeReply.rateLimited());
    const error = await expectModelError(
      providerFor(fake(), { stream, maxRetries: 1 }).structured(request),
      "rate_limited",
    );
    expect(error.status).toBe(429);
    expect(fake().requests).toHaveLength(2);
  });

  it.each([
    [401, "auth"],
    [403, "auth"],
    [400, "bad_request"],
    [404, "bad_request"],
    [422, "bad_request"],
  ] as const)("does not retry a %i and reports %s", async (status, kind) => {
    fake().enqueue(fakeReply.error(status, { headers: retryNow }), ok);
    const error = await expectModelError(
      providerFor(fake(), { stream, maxRetries: 3 }).structured(request),
      kind,
    );
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(false);
    expect(fake().requests).toHaveLength(1);
  });

  describe("with fake() timers (time is the subject)", () => {
    // setTimeout only: sockets, microtasks and setImmediate stay real, so HTTP still flows.
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it("times out a slow attempt with ModelError timeout (no retries left)", async () => {
      const timeoutMs = 60_000;
      fake().enqueue(fakeReply.delay(NEVER_MS, ok));
      const reply = providerFor(fake(), { stream, timeoutMs, maxRetries: 0 }).structured(request);
      const failed = expectModelError(reply, "timeout");
      // The request reached the server (however long that takes on a busy machine); then the
      // attempt's time runs out.
      await until(() => fake().requests.length === 1);
      await vi.advanceTimersByTimeAsync(timeoutMs);
      const error = await failed;
      expect(error.retryable).toBe(true);
      expect(fake().requests).toHaveLength(1);
    });

    it("retries a timed-out attempt and succeeds", async () => {
      const timeoutMs = 60_000;
      fake().enqueue(fakeReply.delay(NEVER_MS, ok), ok);
      const reply = providerFor(fake(), { stream, timeoutMs, maxRetries: 1 }).structured(request);
      await until(() => fake().requests.length === 1);
      // The first attempt times out; then the SDK's backoff (at most a few seconds) elapses.
      await vi.advanceTimersByTimeAsync(timeoutMs);
      // Bounded, so a provider that never retries fails the assertions below, not the timeout.
      for (let step = 0; step < 120 && fake().requests.length < 2; step++) {
        await vi.advanceTimersByTimeAsync(500);
        await new Promise((resolve) => realSetTimeout(resolve, 10));
      }
      expect((await reply).raw).toBe('{"message":"Hi!","actions":[]}');
      expect(fake().requests).toHaveLength(2);
    });
  });

  it("reports an unreachable endpoint as ModelError connection", async () => {
    const url = fake().url;
    await fake().close();
    const provider = providerFor(fake(), { stream, baseURL: url, maxRetries: 0 });
    const error = await expectModelError(provider.structured(request), "connection");
    expect(error.retryable).toBe(true);
    await fake.reopen(); // afterEach closes it
  });

  it("reports an already-aborted signal as ModelError aborted without calling the API", async () => {
    fake().enqueue(ok);
    const signal = AbortSignal.abort();
    await expectModelError(
      providerFor(fake(), { stream }).structured({ ...request, signal }),
      "aborted",
    );
    expect(fake().requests).toHaveLength(0);
  });

  it("reports an abort while waiting as ModelError aborted", async () => {
    fake().enqueue(fakeReply.delay(NEVER_MS, ok));
    const controller = new AbortController();
    const reply = providerFor(fake(), { stream }).structured({
      ...request,
      signal: controller.signal,
    });
    await until(() => fake().requests.length === 1);
    controller.abort();
    const error = await expectModelError(reply, "aborted");
    expect(error.retryable).toBe(false);
  });
});

describe("OpenAIProvider stream failures after the response started", () => {
  const streaming = (overrides = {}) => providerFor(fake(), { stream: true, ...overrides });

  it("times out a stream that stalls mid-way (idle timeout = timeoutMs)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const timeoutMs = 60_000;
      fake().enqueue(
        fakeReply.json({ message: "Hi!", actions: [] }, { stream: { stallAfterChunks: 3 } }),
      );
      let received = "";
      const reply = streaming({ timeoutMs }).structured({
        ...request,
        onText: (chunk) => {
          received += chunk;
        },
      });
      const failed = expectModelError(reply, "timeout");
      // The stream has started; then it sends nothing for timeoutMs. Without the idle timeout
      // this would hang until the test's own timeout, and fail.
      await until(() => received.length > 0);
      await vi.advanceTimersByTimeAsync(timeoutMs);
      expect((await failed).message).toContain(`${timeoutMs} ms`);
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports a stream cut before its finish reason as ModelError connection", async () => {
    fake().enqueue(
      fakeReply.json({ message: "Hi!", actions: [] }, { stream: { cutAfterChunks: 2 } }),
    );
    await expectModelError(streaming().structured(request), "connection");
  });

  it("reports an SSE error frame as ModelError server", async () => {
    fake().enqueue(
      fakeReply.json({ message: "Hi!", actions: [] }, { stream: { errorAfterChunks: 2 } }),
    );
    const error = await expectModelError(streaming().structured(request), "server");
    expect(error.message).toContain("processing your request");
    expect(error.status).toBeUndefined();
  });

  it("reports an abort mid-stream as ModelError aborted", async () => {
    fake().enqueue(
      fakeReply.json({ message: "Hi!", actions: [] }, { stream: { stallAfterChunks: 2 } }),
    );
    const controller = new AbortController();
    // An idle timeout far beyond any load, so only the abort can end the stalled stream.
    const reply = streaming({ timeoutMs: 600_000 }).structured({
      ...request,
      signal: controller.signal,
    });
    await until(() => fake().requests.length === 1);
    controller.abort();
    await expectModelError(reply, "aborted");
  });
});

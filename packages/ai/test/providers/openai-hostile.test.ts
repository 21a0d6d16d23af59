// Replies no conforming endpoint sends, over the real SDK: a message `content` that is not a
// string, and bodies larger than the provider's limit (declared or streamed).
import { describe, expect, it } from "vitest";
import { fakeReply } from "../../src/testing/index.ts";
import { expectModelError, helloRequest, providerFor, useFakeServer } from "./helpers.ts";

const fake = useFakeServer();

const request = helloRequest;

describe("non-string content", () => {
  it.each([
    [42, "42"],
    [true, "true"],
    [{ foo: 1 }, '{"foo":1}'],
    [["a"], '["a"]'],
  ])("content %j reaches the parser as its JSON text %s", async (content, text) => {
    fake().enqueue(fakeReply.contentOfAnyType(content));
    const reply = await providerFor(fake()).structured(request);
    expect(reply.raw).toBe(text);
  });
});

describe("response size limit", () => {
  const limit = 64 * 1024;
  const big = "x".repeat(4 * limit);

  it.each([
    { mode: "JSON", stream: false },
    { mode: "SSE", stream: true },
  ])(
    "a streamed-in body over the limit is a too_large ModelError, not retried ($mode)",
    async ({ stream }) => {
      fake().enqueue(fakeReply.text(big, { stream: { chunkSize: 16 * 1024 } }));
      const error = await expectModelError(
        providerFor(fake(), { stream, maxResponseBytes: limit }).structured(request),
        "too_large",
      );
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(String(limit));
      expect(fake().requests).toHaveLength(1);
    },
  );

  it("a declared Content-Length over the limit fails before the body is read", async () => {
    const body = JSON.stringify({ padding: big });
    fake().enqueue(
      fakeReply.raw(body, { headers: { "content-length": String(Buffer.byteLength(body)) } }),
    );
    await expectModelError(
      providerFor(fake(), { maxResponseBytes: limit }).structured(request),
      "too_large",
    );
  });

  it("a body under the limit is read as usual", async () => {
    fake().enqueue(fakeReply.json({ message: "y".repeat(limit / 2), actions: [] }));
    const reply = await providerFor(fake(), { maxResponseBytes: limit }).structured(request);
    expect(reply.raw).toHaveLength(limit / 2 + '{"message":"","actions":[]}'.length);
  });
});

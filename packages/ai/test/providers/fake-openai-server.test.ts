import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type FakeOpenAI, fakeReply, startFakeOpenAI } from "../../src/testing/index.ts";

// The wire format itself, checked with plain fetch (the provider tests cover the SDK side).

const chunkSchema = z.object({
  object: z.literal("chat.completion.chunk"),
  choices: z.array(
    z.object({
      delta: z.object({
        content: z.string().nullish(),
        tool_calls: z
          .array(
            z.object({
              index: z.number(),
              id: z.string().optional(),
              function: z.object({ name: z.string().optional(), arguments: z.string() }),
            }),
          )
          .optional(),
      }),
      finish_reason: z.string().nullable(),
    }),
  ),
  usage: z.object({ total_tokens: z.number() }).optional(),
});

/** The JSON events of an SSE body (everything but the final `[DONE]`). */
function sseChunks(text: string) {
  const events = text.split("\n\n").filter(Boolean);
  expect(events.at(-1)).toBe("data: [DONE]");
  return events.slice(0, -1).map((event) => {
    expect(event.startsWith("data: ")).toBe(true);
    return chunkSchema.parse(JSON.parse(event.slice("data: ".length)));
  });
}

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }], ...extra });

function post(server: FakeOpenAI, payload: string, path = "/chat/completions") {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer k" },
    body: payload,
  });
}

describe("startFakeOpenAI", () => {
  it("listens on 127.0.0.1 with a /v1 base URL", async () => {
    fake = await startFakeOpenAI();
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("answers unknown routes with a 404 JSON error", async () => {
    fake = await startFakeOpenAI();
    const res = await fetch(`${fake.url}/models`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error" } });
    expect(fake.requests).toHaveLength(0);
  });

  it("serves a queued reply as a chat.completion and records the request", async () => {
    fake = await startFakeOpenAI();
    fake.enqueue(fakeReply.text("hello"));
    const res = await post(fake, body());
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^req_fake_/);
    expect(await res.json()).toMatchObject({
      object: "chat.completion",
      model: "m",
      choices: [
        { index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" },
      ],
    });
    expect(fake.request(0)).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      headers: { authorization: "Bearer k" },
      body: { model: "m", messages: [{ role: "user", content: "hi" }] },
    });
  });

  it("streams the same reply as SSE chunks ending in [DONE]", async () => {
    fake = await startFakeOpenAI();
    fake.enqueue(fakeReply.text("hello world", { stream: { chunkSize: 4 } }));
    const res = await post(fake, body({ stream: true, stream_options: { include_usage: true } }));
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const chunks = sseChunks(await res.text());
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("hello world");
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toContain("stop");
    // include_usage: a final chunk with no choices carries the usage.
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { total_tokens: expect.any(Number) },
    });
  });

  it("streams tool calls as a header delta followed by argument fragments", async () => {
    fake = await startFakeOpenAI();
    fake.enqueue(fakeReply.toolCall("f", { a: 1 }, { stream: { chunkSize: 3 } }));
    const res = await post(fake, body({ stream: true }));
    const chunks = sseChunks(await res.text());
    const parts = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(parts[0]).toMatchObject({ index: 0, id: expect.any(String), function: { name: "f" } });
    expect(parts.map((part) => part.function.arguments).join("")).toBe('{"a":1}');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("sends error replies with their status, body and headers", async () => {
    fake = await startFakeOpenAI();
    fake.enqueue(fakeReply.rateLimited());
    const res = await post(fake, body());
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("0");
    expect(await res.json()).toMatchObject({ error: { type: "rate_limit_exceeded" } });
  });

  it("falls back to respond() when the queue is empty, queue first", async () => {
    const seen: string[] = [];
    fake = await startFakeOpenAI({
      respond: (request) => {
        seen.push(request.model);
        return fakeReply.text(`echo ${request.messages.length}`);
      },
    });
    fake.enqueue(fakeReply.text("queued"));
    const first = await (await post(fake, body())).json();
    const second = await (await post(fake, body({ model: "m2" }))).json();
    expect(first).toMatchObject({ choices: [{ message: { content: "queued" } }] });
    expect(second).toMatchObject({ choices: [{ message: { content: "echo 1" } }] });
    expect(seen).toEqual(["m2"]);
  });

  it("answers 500 with x-should-retry: false when nothing is queued", async () => {
    fake = await startFakeOpenAI();
    const res = await post(fake, body());
    expect(res.status).toBe(500);
    expect(res.headers.get("x-should-retry")).toBe("false");
    expect(await res.json()).toMatchObject({
      error: { message: expect.stringContaining("no reply") },
    });
  });

  it("rejects a malformed request body with 400", async () => {
    fake = await startFakeOpenAI();
    expect((await post(fake, "{not json")).status).toBe(400);
    expect((await post(fake, JSON.stringify({ messages: [] }))).status).toBe(400);
    expect(fake.requests).toHaveLength(0);
  });

  it("checks the API key when given one", async () => {
    fake = await startFakeOpenAI({ apiKey: "right" });
    fake.enqueue(fakeReply.text("hello"));
    expect((await post(fake, body())).status).toBe(401);
  });

  it("closes promptly even with a delayed reply and a stalled stream open", async () => {
    fake = await startFakeOpenAI();
    // A delay no test run reaches: a close() that waited for it would hang the test.
    fake.enqueue(
      fakeReply.delay(3_600_000, fakeReply.text("late")),
      fakeReply.text("stalls", { stream: { stallAfterChunks: 1 } }),
    );
    const delayed = post(fake, body()).catch(() => "closed");
    const stalled = await post(fake, body({ stream: true }));
    const reading = stalled.text().catch(() => "closed");
    await fake.close();
    fake = undefined;
    expect(await delayed).toBe("closed");
    expect(await reading).toBe("closed");
  });
});

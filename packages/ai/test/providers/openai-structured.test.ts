import { describe, expect, it } from "vitest";
import type { StructuredRequest } from "../../src/providers/index.ts";
import { fakeReply } from "../../src/testing/index.ts";
import { API_KEY, expectModelError, providerFor, STRICT_SCHEMA, useFakeServer } from "./helpers.ts";

const fake = useFakeServer();

const request: StructuredRequest = {
  messages: [
    { role: "system", content: "You are a coach." },
    { role: "user", content: "I want to run a marathon." },
  ],
  schemaName: "coach_reply_goal_setting",
  jsonSchema: STRICT_SCHEMA,
};

const answer = { message: "Great goal!", actions: [{ type: "create_goal", title: "Marathon" }] };

describe.each([
  { mode: "JSON", stream: false },
  { mode: "SSE", stream: true },
])("OpenAIProvider.structured ($mode)", ({ stream }) => {
  it("sends the model, the messages and the strict response schema", async () => {
    fake().enqueue(fakeReply.json(answer));
    await providerFor(fake(), { stream }).structured(request);

    expect(fake().requests).toHaveLength(1);
    const sent = fake().request(0);
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body.model).toBe("gpt-test");
    expect(sent.body.messages).toEqual([
      { role: "system", content: "You are a coach." },
      { role: "user", content: "I want to run a marathon." },
    ]);
    expect(sent.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "coach_reply_goal_setting", schema: STRICT_SCHEMA, strict: true },
    });
    // Structured mode sends no tools (and so no parallel_tool_calls, which requires tools).
    expect(sent.body.tools).toBeUndefined();
    expect(sent.body.parallel_tool_calls).toBeUndefined();
    if (stream) {
      expect(sent.body.stream).toBe(true);
      expect(sent.body.stream_options).toEqual({ include_usage: true });
    } else {
      expect(sent.body.stream ?? false).toBe(false);
    }
  });

  it("returns the raw text, the model that answered and the usage", async () => {
    fake().enqueue(
      fakeReply.json(answer, {
        model: "gpt-test-2026-11-01",
        usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
        stream: { chunkSize: 3 }, // many small deltas when streamed
      }),
    );
    const reply = await providerFor(fake(), { stream }).structured(request);
    expect(reply).toEqual({
      raw: JSON.stringify(answer),
      model: "gpt-test-2026-11-01",
      finishReason: "stop",
      usage: { promptTokens: 120, completionTokens: 30, totalTokens: 150 },
    });
  });

  it("keeps multi-byte text intact across chunk boundaries", async () => {
    const text = { message: "Très bien 😀 — on y va ✓", actions: [] };
    fake().enqueue(fakeReply.json(text, { stream: { chunkSize: 1 } }));
    const reply = await providerFor(fake(), { stream }).structured(request);
    expect(JSON.parse(reply.raw)).toEqual(text);
  });

  it("hands back invalid JSON untouched: parsing is the caller's job", async () => {
    fake().enqueue(fakeReply.text('{"message": "oops", "actions": ['));
    const reply = await providerFor(fake(), { stream }).structured(request);
    expect(reply.raw).toBe('{"message": "oops", "actions": [');
  });

  it("reports a reply cut off by the token limit", async () => {
    fake().enqueue(fakeReply.text('{"message": "a very long', { finishReason: "length" }));
    const reply = await providerFor(fake(), { stream }).structured(request);
    expect(reply.finishReason).toBe("length");
    expect(reply.raw).toBe('{"message": "a very long');
  });

  it("omits usage when the endpoint reports none", async () => {
    fake().enqueue(fakeReply.json(answer, { usage: null }));
    const reply = await providerFor(fake(), { stream }).structured(request);
    expect(reply.usage).toBeUndefined();
  });

  it("turns a refusal into ModelError refusal", async () => {
    fake().enqueue(fakeReply.refusal("I can't help with that."));
    const error = await expectModelError(
      providerFor(fake(), { stream }).structured(request),
      "refusal",
    );
    expect(error.message).toContain("I can't help with that.");
    expect(error.retryable).toBe(false);
  });

  it("turns a content-filter stop without content into ModelError refusal", async () => {
    fake().enqueue(fakeReply.text(null, { finishReason: "content_filter" }));
    await expectModelError(providerFor(fake(), { stream }).structured(request), "refusal");
  });

  it.each([
    ["null", null],
    ["an empty string", ""],
  ])("turns %s content into ModelError empty", async (_label, content) => {
    fake().enqueue(fakeReply.text(content));
    const error = await expectModelError(
      providerFor(fake(), { stream }).structured(request),
      "empty",
    );
    expect(error.retryable).toBe(true);
    expect(fake().requests).toHaveLength(1);
  });
});

import { describe, expect, it, vi } from "vitest";
import type { ToolCall, ToolDefinition, ToolLoopRequest } from "../../src/providers/index.ts";
import { fakeReply } from "../../src/testing/index.ts";
import { expectModelError, providerFor, useFakeServer } from "./helpers.ts";

const fake = useFakeServer();

const tools: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "create_goal",
      description: "Create a goal for the user.",
      parameters: {
        type: "object",
        properties: { title: { type: "string" } },
        required: ["title"],
        additionalProperties: false,
      },
      strict: true,
    },
  },
  {
    type: "function",
    function: {
      name: "set_phase",
      description: "Move the conversation to another phase.",
      parameters: {
        type: "object",
        properties: { phase: { type: "string", enum: ["planning", "review"] } },
        required: ["phase"],
        additionalProperties: false,
      },
      strict: true,
    },
  },
];

const baseMessages = [
  { role: "system" as const, content: "You are a coach." },
  { role: "user" as const, content: "Help me train for a marathon." },
];

function loopRequest(
  executeTool: (call: ToolCall) => Promise<string>,
  overrides: Partial<ToolLoopRequest> = {},
): ToolLoopRequest {
  return { messages: baseMessages, tools, maxSteps: 5, executeTool, ...overrides };
}

describe.each([
  { mode: "JSON", stream: false },
  { mode: "SSE", stream: true },
])("OpenAIProvider.toolLoop ($mode)", ({ stream }) => {
  it("sends strict tools with parallel_tool_calls false and returns a direct text reply", async () => {
    fake().enqueue(fakeReply.text("Let's start with your current weekly distance."));
    const executeTool = vi.fn(async () => "unused");
    const reply = await providerFor(fake(), { stream }).toolLoop(loopRequest(executeTool));

    expect(reply).toMatchObject({
      message: "Let's start with your current weekly distance.",
      calls: [],
      steps: 1,
      stoppedAtLimit: false,
      model: "gpt-test",
    });
    expect(executeTool).not.toHaveBeenCalled();
    const sent = fake().request(0).body;
    expect(sent.tools).toEqual(tools);
    expect(sent.tools?.every((tool) => tool.function.strict === true)).toBe(true);
    expect(sent.parallel_tool_calls).toBe(false);
    expect(sent.response_format).toBeUndefined();
    expect(sent.messages).toEqual(baseMessages);
  });

  it("executes tool calls over several steps and sends each result back", async () => {
    fake().enqueue(
      fakeReply.toolCalls(
        [{ id: "call_1", name: "create_goal", arguments: '{"title":"Marathon"}' }],
        {
          stream: { chunkSize: 2 }, // argument JSON arrives in 2-character deltas
          usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
        },
      ),
      fakeReply.toolCalls(
        [{ id: "call_2", name: "set_phase", arguments: '{"phase":"planning"}' }],
        {
          content: "Goal saved; moving on.",
          usage: { prompt_tokens: 130, completion_tokens: 12, total_tokens: 142 },
        },
      ),
      fakeReply.text("Your goal is set. Now, let's plan.", {
        usage: { prompt_tokens: 160, completion_tokens: 9, total_tokens: 169 },
      }),
    );
    const executed: ToolCall[] = [];
    const reply = await providerFor(fake(), { stream }).toolLoop(
      loopRequest(async (call) => {
        executed.push(call);
        return call.name === "create_goal" ? '{"goalId":"g1"}' : '{"phase":"planning"}';
      }),
    );

    expect(executed).toEqual([
      { id: "call_1", name: "create_goal", arguments: '{"title":"Marathon"}' },
      { id: "call_2", name: "set_phase", arguments: '{"phase":"planning"}' },
    ]);
    expect(reply).toEqual({
      message: "Your goal is set. Now, let's plan.",
      calls: [
        {
          id: "call_1",
          name: "create_goal",
          arguments: '{"title":"Marathon"}',
          output: '{"goalId":"g1"}',
        },
        {
          id: "call_2",
          name: "set_phase",
          arguments: '{"phase":"planning"}',
          output: '{"phase":"planning"}',
        },
      ],
      steps: 3,
      stoppedAtLimit: false,
      model: "gpt-test",
      usage: { promptTokens: 390, completionTokens: 31, totalTokens: 421 },
    });

    expect(fake().requests).toHaveLength(3);
    const firstToolTurn = [
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "create_goal", arguments: '{"title":"Marathon"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: '{"goalId":"g1"}' },
    ];
    expect(fake().request(1).body.messages).toEqual([...baseMessages, ...firstToolTurn]);
    expect(fake().request(2).body.messages).toEqual([
      ...baseMessages,
      ...firstToolTurn,
      {
        role: "assistant",
        content: "Goal saved; moving on.",
        tool_calls: [
          {
            id: "call_2",
            type: "function",
            function: { name: "set_phase", arguments: '{"phase":"planning"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_2", content: '{"phase":"planning"}' },
    ]);
    // Every step repeats the tool settings.
    for (const sent of fake().requests) {
      expect(sent.body.parallel_tool_calls).toBe(false);
      expect(sent.body.tools).toEqual(tools);
    }
  });

  it("answers every call when one step holds several (in order)", async () => {
    fake().enqueue(
      fakeReply.toolCalls([
        { id: "a", name: "create_goal", arguments: '{"title":"5k"}' },
        { id: "b", name: "create_goal", arguments: '{"title":"10k"}' },
      ]),
      fakeReply.text("Two goals created."),
    );
    const reply = await providerFor(fake(), { stream }).toolLoop(
      loopRequest(async (call) => `done ${call.id}`),
    );
    expect(reply.calls.map((call) => call.id)).toEqual(["a", "b"]);
    const messages = fake().request(1).body.messages;
    expect(messages.slice(-2)).toEqual([
      { role: "tool", tool_call_id: "a", content: "done a" },
      { role: "tool", tool_call_id: "b", content: "done b" },
    ]);
  });

  it("reports a failing tool to the model as a one-line error and carries on", async () => {
    fake().enqueue(
      fakeReply.toolCall("create_goal", { title: "" }),
      fakeReply.text("Sorry, that goal needs a title."),
    );
    const reply = await providerFor(fake(), { stream }).toolLoop(
      loopRequest(async () => {
        throw new Error("title must not be empty");
      }),
    );
    expect(reply.message).toBe("Sorry, that goal needs a title.");
    expect(reply.calls[0]?.output).toBe("Error: create_goal - title must not be empty");
    expect(fake().request(1).body.messages.at(-1)).toMatchObject({
      role: "tool",
      content: "Error: create_goal - title must not be empty",
    });
  });

  it("stops at maxSteps while the model keeps calling tools", async () => {
    fake().enqueue(
      fakeReply.toolCall("create_goal", { title: "a" }),
      fakeReply.toolCall("create_goal", { title: "b" }),
      fakeReply.toolCall("create_goal", { title: "c" }),
    );
    const executeTool = vi.fn(async () => "ok");
    const reply = await providerFor(fake(), { stream }).toolLoop(
      loopRequest(executeTool, { maxSteps: 2 }),
    );
    expect(reply).toMatchObject({ message: "", steps: 2, stoppedAtLimit: true });
    // The calls of the last allowed step still run; the model just gets no further turn.
    expect(reply.calls.map((call) => call.arguments)).toEqual(['{"title":"a"}', '{"title":"b"}']);
    expect(executeTool).toHaveBeenCalledTimes(2);
    expect(fake().requests).toHaveLength(2);
    expect(fake().pending).toBe(1);
  });

  it("returns an empty message (not an error) when tools ran and the model then said nothing", async () => {
    fake().enqueue(fakeReply.toolCall("create_goal", { title: "a" }), fakeReply.text(""));
    const reply = await providerFor(fake(), { stream }).toolLoop(loopRequest(async () => "ok"));
    expect(reply).toMatchObject({ message: "", steps: 2, stoppedAtLimit: false });
    expect(reply.calls).toHaveLength(1);
  });

  it("throws ModelError empty when the model says nothing and calls nothing", async () => {
    fake().enqueue(fakeReply.text(null));
    await expectModelError(
      providerFor(fake(), { stream }).toolLoop(loopRequest(async () => "ok")),
      "empty",
    );
  });

  it("throws ModelError refusal on a refusal", async () => {
    fake().enqueue(fakeReply.refusal("I won't do that."));
    await expectModelError(
      providerFor(fake(), { stream }).toolLoop(loopRequest(async () => "ok")),
      "refusal",
    );
  });

  it("stops with ModelError aborted when the caller aborts during a tool", async () => {
    fake().enqueue(fakeReply.toolCall("create_goal", { title: "a" }), fakeReply.text("never sent"));
    const controller = new AbortController();
    const promise = providerFor(fake(), { stream }).toolLoop(
      loopRequest(
        async () => {
          controller.abort();
          return "ok";
        },
        { signal: controller.signal },
      ),
    );
    await expectModelError(promise, "aborted");
    expect(fake().requests).toHaveLength(1);
  });
});

describe("OpenAIProvider.toolLoop (setup)", () => {
  it.each([0, -1, 1.5, Number.NaN])(
    "rejects maxSteps %s before calling the model",
    async (maxSteps) => {
      const provider = providerFor(fake());
      await expect(
        provider.toolLoop(loopRequest(async () => "ok", { maxSteps })),
      ).rejects.toBeInstanceOf(RangeError);
      expect(fake().requests).toHaveLength(0);
    },
  );

  it("runs against a scripted model that answers from what it was sent", async () => {
    await fake().close();
    // A phase-aware script in miniature: call a tool first, then summarise its result.
    await fake.reopen({
      respond: (body) => {
        const last = body.messages.at(-1);
        return last?.role === "tool"
          ? fakeReply.text(`Saved: ${String(last.content)}`)
          : fakeReply.toolCall("create_goal", { title: "Marathon" });
      },
    });
    const reply = await providerFor(fake()).toolLoop(loopRequest(async () => "goal g1"));
    expect(reply).toMatchObject({ message: "Saved: goal g1", steps: 2 });
    expect(providerFor(fake()).name).toBe("openai");
  });
});

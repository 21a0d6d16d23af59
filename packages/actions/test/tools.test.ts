import { describe, expect, it } from "vitest";
import {
  catalog,
  coachActionsForPhase,
  parseToolCall,
  parseToolCalls,
  phases,
  coachParamsJsonSchema,
  toolDefinitions,
  toolNamePattern,
} from "./support/exports.ts";

describe("toolDefinitions", () => {
  it.each(phases)("offers one strict function tool per coach action of %s", (phase) => {
    const tools = toolDefinitions(phase);
    expect(tools.map((tool) => tool.function.name)).toEqual(coachActionsForPhase(phase));
    for (const tool of tools) {
      expect(tool.type).toBe("function");
      expect(tool.function.strict).toBe(true);
      expect(tool.function.name).toMatch(toolNamePattern);
      expect(tool.function.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      const type = coachActionsForPhase(phase).find((name) => name === tool.function.name);
      if (type === undefined) throw new Error("unknown tool");
      expect(tool.function.description).toBe(catalog[type].description);
      expect(tool.function.parameters).toBe(coachParamsJsonSchema(type));
    }
  });
});

describe("parseToolCall", () => {
  const phase = "identity_commitment";

  it("parses a chat-completions tool call, null meaning absent", () => {
    expect(
      parseToolCall(phase, {
        id: "call_1",
        type: "function",
        function: { name: "archive_identity", arguments: '{"identityId":"id_7"}' },
      }),
    ).toEqual({ ok: true, call: { type: "archive_identity", params: { identityId: "id_7" } } });
    expect(
      parseToolCall("anything_missing", {
        name: "create_identity",
        arguments: '{"name":"Baker","category":"doer_of_things","note":null}',
      }),
    ).toEqual({
      ok: true,
      call: { type: "create_identity", params: { name: "Baker", category: "doer_of_things" } },
    });
  });

  it("reports bad names, bad JSON and bad params with tool-call paths", () => {
    const unknown = parseToolCall(phase, { function: { name: "launch_rocket", arguments: "{}" } });
    expect(unknown).toEqual({
      ok: false,
      problems: [
        expect.objectContaining({
          path: "tool_calls[0].function.name",
          message: "Unknown action type",
        }),
      ],
    });
    const notHere = parseToolCall(phase, { name: "create_identity", arguments: "{}" });
    expect(!notHere.ok && notHere.problems[0]?.message).toContain("not allowed in phase");
    const badJson = parseToolCall(phase, { name: "archive_identity", arguments: "{identityId: 1" });
    expect(!badJson.ok && badJson.problems[0]).toMatchObject({ path: "tool_calls[0].arguments" });
    const badParams = parseToolCall(phase, {
      name: "archive_identity",
      arguments: '{"identityId":"a","x":1}',
    });
    expect(!badParams.ok && badParams.problems[0]).toMatchObject({
      path: "tool_calls[0].arguments.x",
      message: "Unexpected key",
    });
    for (const junk of [
      null,
      "archive_identity",
      5,
      { name: "archive_identity" },
      { name: "archive_identity", arguments: {} },
    ]) {
      expect(parseToolCall(phase, junk).ok).toBe(false);
    }
  });
});

describe("parseToolCalls", () => {
  it("parses a whole turn like a JSON response: valid calls in order, rejected ones reported", () => {
    const parsed = parseToolCalls("identity_commitment", {
      content: "Let's look at Runner.",
      toolCalls: [
        { function: { name: "accept_identity_commitment", arguments: '{"identityId":"a"}' } },
        { function: { name: "add_user_note", arguments: '{"note":"x"}' } },
        { function: { name: "archive_identity", arguments: '{"identityId":"b"}' } },
      ],
    });
    expect(parsed.message).toBe("Let's look at Runner.");
    expect(parsed.actions).toEqual([
      { type: "accept_identity_commitment", params: { identityId: "a" } },
      { type: "archive_identity", params: { identityId: "b" } },
    ]);
    expect(parsed.rejected).toEqual([
      {
        index: 1,
        type: "add_user_note",
        problems: [
          expect.objectContaining({
            message: 'Action "add_user_note" is not available to the coach',
          }),
        ],
      },
    ]);
  });

  it("accepts a turn without text or without tool calls", () => {
    expect(parseToolCalls("introduction", { content: null, toolCalls: undefined })).toMatchObject({
      ok: true,
      message: null,
      actions: [],
    });
  });

  it("never throws", () => {
    for (const turn of [
      { content: 5, toolCalls: "x" },
      { content: "x".repeat(20_000), toolCalls: [null, 1, "a", []] },
      { content: undefined, toolCalls: new Array(1000) },
    ]) {
      expect(parseToolCalls("introduction", turn).ok).toBe(false);
    }
  });
});

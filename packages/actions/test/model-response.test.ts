import { describe, expect, it } from "vitest";
import {
  coachActionsForPhase,
  formatProblemsForModel,
  limits,
  type Problem,
  parseModelResponse,
} from "./support/exports.ts";

const create = {
  type: "create_identity",
  params: { name: "Runner", category: "physical_expression", note: null },
};
const focus = { type: "select_identity_focus", params: { category: "spiritual" } };
const createCall = {
  type: "create_identity",
  params: { name: "Runner", category: "physical_expression" },
};
const focusCall = { type: "select_identity_focus", params: { category: "spiritual" } };
const response = { message: "Great, let's note that.", actions: [create, focus] };
const text = JSON.stringify(response);

const phase = "identity_brainstorming";

function expectValid(raw: unknown) {
  const parsed = parseModelResponse(phase, raw);
  expect(parsed.problems).toEqual([]);
  expect(parsed).toEqual({
    message: response.message,
    actions: [createCall, focusCall],
    // The calls as sent (nulls kept): what a plan stores for the engine to parse.
    planned: [create, focus],
    rejected: [],
    problems: [],
    ok: true,
  });
}

describe("parseModelResponse: recovering the JSON", () => {
  it("parses a valid response given as text or as a parsed value", () => {
    expectValid(text);
    expectValid(response);
  });

  it("recovers the first object when the model emits the JSON twice", () => {
    expectValid(`${text}${text}`);
    expectValid(`${text}\n\n${text}`);
    expectValid(`${text}{"message":"different","actions":[]}`);
  });

  it("unwraps markdown code fences and surrounding prose", () => {
    expectValid(`\`\`\`json\n${text}\n\`\`\``);
    expectValid(`\`\`\`\n${text}\n\`\`\``);
    expectValid(
      `Here is my response:\n\`\`\`json\n${JSON.stringify(response, null, 2)}\n\`\`\`\nHope that helps!`,
    );
    expectValid(`Sure! ${text} Anything else?`);
    expectValid(`\uFEFF  ${text}  \n`);
  });

  it("is not fooled by code fences inside the JSON's strings", () => {
    const withCode = { ...response, message: "Try this:\n```json\n{}\n```\nOK?" };
    const textWithCode = JSON.stringify(withCode);
    for (const raw of [textWithCode, `${textWithCode}${textWithCode}`, `Sure: ${textWithCode}`]) {
      const parsed = parseModelResponse(phase, raw);
      expect(parsed.problems).toEqual([]);
      expect(parsed.message).toBe(withCode.message);
      expect(parsed.actions).toEqual([createCall, focusCall]);
    }
    // A fence around JSON whose message holds another fence: the cut fenced block does not
    // parse, and the scan of the whole text finds the complete object.
    const fenced = parseModelResponse(phase, `\`\`\`json\n${textWithCode}\n\`\`\``);
    expect(fenced.problems).toEqual([]);
    expect(fenced.message).toBe(withCode.message);
  });

  it("skips brace-like prose before the JSON", () => {
    expectValid(`Note: {this is not json} and then ${text}`);
  });

  it("unwraps JSON that was encoded twice", () => {
    expectValid(JSON.stringify(text));
  });

  it("reports text that holds no JSON", () => {
    for (const raw of [
      "",
      "   ",
      "Sorry, I cannot help with that.",
      "{",
      '{"message": "unterminated',
      "[1, 2]x",
    ]) {
      const parsed = parseModelResponse(phase, raw);
      expect(parsed.ok).toBe(false);
      expect(parsed.message).toBeNull();
      expect(parsed.actions).toEqual([]);
      expect(parsed.problems).toHaveLength(1);
      expect(parsed.problems[0]).toMatchObject({
        index: null,
        path: "",
        expected: expect.any(String),
      });
    }
  });

  it("rejects input that is neither text nor an object", () => {
    for (const raw of [undefined, null, 42, true, Symbol("x"), () => text, 10n]) {
      const parsed = parseModelResponse(phase, raw);
      expect(parsed.ok).toBe(false);
      expect(parsed.problems[0]).toMatchObject({ path: "", message: "Wrong type" });
    }
  });

  it("rejects a JSON value that is not an object", () => {
    for (const raw of ["[]", "42", '"just text"', "null", JSON.stringify([response])]) {
      expect(parseModelResponse(phase, raw).problems[0]).toMatchObject({
        path: "",
        message: "Wrong type",
      });
    }
  });

  it("rejects raw text over 256 KiB with a problem", () => {
    const huge = JSON.stringify({ message: "x".repeat(limits.rawResponseBytes), actions: [] });
    const parsed = parseModelResponse(phase, huge);
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        path: "",
        message: "Response too large",
        expected: "at most 262144 bytes of text",
      }),
    ]);
    // Multi-byte text is measured in UTF-8 bytes, not characters.
    const emoji = JSON.stringify({ message: "😀".repeat(70_000), actions: [] });
    expect(emoji.length).toBeLessThan(limits.rawResponseBytes);
    expect(parseModelResponse(phase, emoji).problems[0]?.message).toBe("Response too large");
  });
});

describe("parseModelResponse: the response object", () => {
  it("reports a missing, mistyped or oversized message but keeps the actions", () => {
    const missing = parseModelResponse(phase, { actions: [create] });
    expect(missing.message).toBeNull();
    expect(missing.actions).toEqual([createCall]);
    expect(missing.problems).toEqual([
      expect.objectContaining({ path: "message", message: "Missing required value" }),
    ]);
    expect(parseModelResponse(phase, { message: 7, actions: [] }).problems[0]).toMatchObject({
      path: "message",
      message: "Wrong type",
    });
    const long = parseModelResponse(phase, {
      message: "x".repeat(limits.message + 1),
      actions: [create],
    });
    expect(long.problems[0]).toMatchObject({ path: "message", message: "Too big" });
    expect(long.actions).toEqual([createCall]);
  });

  it("reports missing or mistyped actions", () => {
    expect(parseModelResponse(phase, { message: "hi" }).problems).toEqual([
      expect.objectContaining({ path: "actions", message: "Missing required value" }),
    ]);
    expect(parseModelResponse(phase, { message: "hi", actions: {} }).problems[0]).toMatchObject({
      path: "actions",
      message: "Wrong type",
    });
  });

  it("accepts no actions", () => {
    expect(parseModelResponse(phase, { message: "hi", actions: [] })).toMatchObject({
      ok: true,
      actions: [],
    });
  });

  it("reports unexpected top-level keys, including __proto__", () => {
    const raw = `{"message":"hi","actions":[],"thoughts":"...","__proto__":{"polluted":true}}`;
    const parsed = parseModelResponse(phase, raw);
    expect(parsed.problems.map((problem) => problem.path)).toEqual(["thoughts", "__proto__"]);
    expect(parsed.message).toBe("hi");
    expect(Reflect.get({}, "polluted")).toBeUndefined();
  });

  it("allows repeats and keeps the order", () => {
    const parsed = parseModelResponse(phase, { message: "", actions: [focus, create, focus] });
    expect(parsed.actions).toEqual([focusCall, createCall, focusCall]);
  });

  it("reports an unknown phase", () => {
    // @ts-expect-error hostile caller
    const parsed = parseModelResponse("nap_time", text);
    expect(parsed.problems[0]).toMatchObject({ message: "Unknown phase" });
  });
});

describe("parseModelResponse: actions", () => {
  /** Parses `[valid, bad, valid]` and returns the problems of the bad one. */
  function rejectBetweenValid(
    bad: unknown,
    inPhase: Parameters<typeof parseModelResponse>[0] = phase,
  ): Problem[] {
    const parsed = parseModelResponse(inPhase, { message: "m", actions: [focus, bad, focus] });
    expect(parsed.actions).toEqual([focusCall, focusCall]);
    expect(parsed.rejected).toHaveLength(1);
    expect(parsed.rejected[0]?.index).toBe(1);
    expect(parsed.ok).toBe(false);
    expect(parsed.problems).toEqual(parsed.rejected[0]?.problems);
    for (const problem of parsed.problems) expect(problem.index).toBe(1);
    return [...(parsed.rejected[0]?.problems ?? [])];
  }

  it("rejects unknown action types, listing the allowed ones", () => {
    const [problem] = rejectBetweenValid({ type: "launch_rocket", params: {} });
    expect(problem).toMatchObject({
      path: "actions[1].type",
      message: "Unknown action type",
      received: '"launch_rocket"',
    });
    expect(problem?.expected).toContain('"create_identity"');
    expect(problem?.expected).not.toContain('"combine_identities"');
    const parsed = parseModelResponse(phase, {
      message: "m",
      actions: [{ type: "launch_rocket", params: {} }],
    });
    expect(parsed.rejected[0]?.type).toBe("launch_rocket");
  });

  it("rejects actions not allowed in the phase", () => {
    const [problem] = rejectBetweenValid({
      type: "combine_identities",
      params: { identityIdA: "a", identityIdB: "b" },
    });
    expect(problem?.message).toBe(
      'Action "combine_identities" is not allowed in phase "identity_brainstorming"',
    );
  });

  it("rejects actions the coach may not invoke", () => {
    const [problem] = rejectBetweenValid({ type: "add_user_note", params: { note: "likes tea" } });
    expect(problem?.message).toBe('Action "add_user_note" is not available to the coach');
  });

  it("rejects missing, extra and mistyped params", () => {
    expect(rejectBetweenValid({ type: "create_identity" })).toEqual([
      expect.objectContaining({ path: "actions[1].params", message: "Missing required value" }),
    ]);
    expect(
      rejectBetweenValid({
        type: "create_identity",
        params: { category: "spiritual", note: null },
      }),
    ).toEqual([
      expect.objectContaining({
        path: "actions[1].params.name",
        message: "Missing required value",
      }),
    ]);
    expect(
      rejectBetweenValid({ type: "create_identity", params: { ...create.params, mood: "happy" } }),
    ).toEqual([
      expect.objectContaining({ path: "actions[1].params.mood", message: "Unexpected key" }),
    ]);
    expect(
      rejectBetweenValid({
        type: "create_identity",
        params: { ...create.params, name: ["Runner"] },
      }),
    ).toEqual([
      expect.objectContaining({
        path: "actions[1].params.name",
        message: "Wrong type",
        received: "an array of 1 item",
      }),
    ]);
    expect(rejectBetweenValid({ type: "create_identity", params: "Runner" })[0]).toMatchObject({
      path: "actions[1].params",
      message: "Wrong type",
    });
  });

  it("rejects malformed items", () => {
    expect(rejectBetweenValid("create_identity")[0]).toMatchObject({
      path: "actions[1]",
      message: "Wrong type",
    });
    expect(rejectBetweenValid(null)[0]).toMatchObject({
      path: "actions[1]",
      message: "Wrong type",
    });
    expect(rejectBetweenValid({ params: {} })[0]).toMatchObject({
      path: "actions[1].type",
      message: "Missing required value",
    });
    expect(rejectBetweenValid({ type: 5, params: {} })[0]).toMatchObject({
      path: "actions[1].type",
      message: "Wrong type",
    });
    expect(rejectBetweenValid({ ...create, reason: "because" })[0]).toMatchObject({
      path: "actions[1].reason",
      message: "Unexpected key",
    });
  });

  it("accepts null for optional params and hands them on as absent", () => {
    const parsed = parseModelResponse("identity_refinement", {
      message: "",
      actions: [
        {
          type: "update_identity",
          params: {
            identityId: "id_1",
            name: "Runner",
            category: null,
            iAmStatement: null,
            visualization: null,
          },
        },
      ],
    });
    expect(parsed.actions).toEqual([
      { type: "update_identity", params: { identityId: "id_1", name: "Runner" } },
    ]);
  });

  it("rejects oversized strings with the cap", () => {
    const [problem] = rejectBetweenValid({
      type: "create_identity",
      params: { ...create.params, note: "n".repeat(1001) },
    });
    expect(problem).toMatchObject({
      path: "actions[1].params.note",
      expected: "a string of at most 1000 characters",
      received: expect.stringMatching(/^a string of 1001 characters/),
    });
  });

  it("reads at most the cap of actions from a huge array, keeping the valid ones", () => {
    const parsed = parseModelResponse(
      phase,
      JSON.stringify({ message: "m", actions: Array.from({ length: 3000 }, () => focus) }),
    );
    expect(parsed.actions).toHaveLength(limits.actionsPerResponse);
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        path: "actions",
        expected: "at most 32 actions",
        received: "an array of 3000 items",
      }),
    ]);
    const direct = parseModelResponse(phase, { message: "m", actions: new Array(10_000_000) });
    expect(direct.problems[0]).toMatchObject({ path: "actions" });
    expect(direct.rejected).toHaveLength(limits.actionsPerResponse);
  });

  it("rejects deeply nested junk without blowing the stack", () => {
    const depth = 100_000;
    const junk = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const raw = `{"message":"m","actions":[${JSON.stringify(focus)},{"type":"create_identity","params":{"name":${junk},"category":"spiritual","note":null}}]}`;
    const parsed = parseModelResponse(phase, raw);
    expect(parsed.actions).toEqual([focusCall]);
    expect(parsed.rejected[0]?.problems[0]).toMatchObject({ message: "Nested too deeply" });
  });

  it("survives cyclic and exotic objects", () => {
    const cyclic: Record<string, unknown> = { type: "create_identity" };
    cyclic.params = cyclic;
    expect(rejectBetweenValid(cyclic)[0]?.message).toBe("Nested too deeply");
    expect(
      rejectBetweenValid({
        type: "create_identity",
        params: { ...create.params, name: new Date(0) },
      })[0],
    ).toMatchObject({
      message: "Not JSON",
      received: "a Date object",
    });
    expect(
      rejectBetweenValid({
        type: "create_identity",
        params: { ...create.params, name: Number.NaN },
      })[0],
    ).toMatchObject({
      message: "Not a JSON number",
    });
    const throwing = Object.defineProperty({ message: "m" }, "actions", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(parseModelResponse(phase, throwing).problems[0]?.message).toContain("boom");
  });

  it("bounds the problems reported for many unexpected keys", () => {
    const junk = Object.fromEntries(
      Array.from({ length: 1000 }, (_, index) => [`k${index}`, index]),
    );
    const top = parseModelResponse(phase, { message: "m", actions: [focus], ...junk });
    expect(top.problems).toHaveLength(11);
    expect(top.problems[10]).toMatchObject({ path: "", received: "990 more unexpected keys" });
    expect(top.actions).toEqual([focusCall]);
    const params = parseModelResponse(phase, {
      message: "m",
      actions: [{ ...focus, params: { ...focus.params, ...junk } }],
    });
    expect(params.problems).toHaveLength(11);
    expect(params.problems[10]).toMatchObject({
      path: "actions[0].params",
      message: "Unexpected keys",
    });
  });

  it("never lets __proto__ in params reach a prototype", () => {
    const raw = `{"message":"m","actions":[{"type":"select_identity_focus","params":{"category":"spiritual","__proto__":{"polluted":1}}}]}`;
    const parsed = parseModelResponse(phase, raw);
    expect(parsed.rejected[0]?.problems[0]).toMatchObject({
      path: "actions[0].params.__proto__",
      message: "Unexpected key",
    });
    expect(Reflect.get({}, "polluted")).toBeUndefined();
  });
});

describe("formatProblemsForModel", () => {
  it("lists every problem with where, what was expected and what was received", () => {
    const parsed = parseModelResponse(phase, {
      message: "m",
      actions: [
        {
          type: "create_identity",
          params: { name: "x".repeat(61), category: "spiritual", note: null },
        },
        { type: "nope", params: {} },
      ],
    });
    expect(formatProblemsForModel(parsed.problems)).toBe(
      [
        "Your previous response had 2 problems:",
        '1. actions[0].params.name: Too big. Expected a string of at most 60 characters; received a string of 61 characters starting "xxxxxxxxxxxxxxxxxxxx".',
        `2. actions[1].type: Unknown action type. Expected one of ${coachActionsForPhase(phase)
          .map((type) => `"${type}"`)
          .join(", ")}; received "nope".`,
        "Reply again with the whole response as one JSON object that follows the schema, with these problems fixed.",
      ].join("\n"),
    );
  });

  it("handles whole-response problems, no problems, and long lists", () => {
    expect(formatProblemsForModel(parseModelResponse(phase, "nope").problems)).toContain(
      "1. The response: Not valid JSON",
    );
    expect(formatProblemsForModel([])).toBe("Your response was valid.");
    const many = parseModelResponse(phase, {
      message: "m",
      actions: Array.from({ length: 25 }, () => ({ type: "x" })),
    });
    const textOut = formatProblemsForModel(many.problems);
    expect(textOut).toContain("20. actions[19].type");
    expect(textOut).toContain("… and 5 more.");
  });
});

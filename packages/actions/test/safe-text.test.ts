// Text PostgreSQL cannot store (NUL, unpaired UTF-16 surrogates) is refused where untrusted
// input enters: action params and the model's reply report it as a problem at its path.
import { describe, expect, it } from "vitest";
import {
  isPostgresSafeText,
  parseActionParams,
  parseModelResponse,
  safeString,
  toPostgresSafeText,
} from "./support/exports.ts";

describe("PostgreSQL-safe text", () => {
  it.each([
    ["plain text", "I am a runner", true],
    ["a surrogate pair (emoji)", "🌱 growing", true],
    ["empty", "", true],
    ["NUL", "a\u0000b", false],
    ["a lone high surrogate", "a\uD83Cb", false],
    ["a lone high surrogate at the end", "a\uD83C", false],
    ["a lone low surrogate", "\uDF31a", false],
    ["a reversed pair", "\uDF31\uD83C", false],
  ])("%s: %#", (_, text, safe) => {
    expect(isPostgresSafeText(text)).toBe(safe);
    expect(safeString().safeParse(text).success).toBe(safe);
    const stored = toPostgresSafeText(text);
    expect(isPostgresSafeText(stored)).toBe(true);
    if (safe) expect(stored).toBe(text);
  });

  it("replaces each unstorable unit with U+FFFD", () => {
    expect(toPostgresSafeText("a\u0000b\uD800c\uDC00")).toBe("a\uFFFDb\uFFFDc\uFFFD");
  });
});

describe("unsafe text in untrusted input", () => {
  it("in params: a problem at the field, in values and in keys", () => {
    const value = parseActionParams("update_who_you_are", { items: ["fine", "bad\u0000"] });
    expect(value.ok).toBe(false);
    if (value.ok || value.error.kind !== "invalid_params") return;
    expect(value.error.issues.map((issue) => issue.path)).toEqual(["params.items[1]"]);

    const key = parseActionParams("update_who_you_are", { items: [], "k\uD800": 1 });
    expect(key.ok).toBe(false);
    if (key.ok || key.error.kind !== "invalid_params") return;
    expect(key.error.issues[0]?.path).toBe('params["k\\ud800"]');
  });

  it("in the model's message or its action params: invalid output", () => {
    const message = parseModelResponse("introduction", { message: "Hi\u0000", actions: [] });
    expect(message.ok).toBe(false);
    expect(message.message).toBeNull();
    expect(message.problems.map((p) => p.path)).toEqual(["message"]);

    const params = parseModelResponse("introduction", {
      message: "Hi",
      actions: [{ type: "show_canned_replies", params: { replies: ["Yes\uDC00"] } }],
    });
    expect(params.ok).toBe(false);
    expect(params.rejected).toHaveLength(1);
  });
});

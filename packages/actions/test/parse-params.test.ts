import { describe, expect, it } from "vitest";
import { type Problem, parseActionParams, referencesOf } from "./support/exports.ts";

function issues(type: string, params: unknown): Problem[] {
  const result = parseActionParams(type, params);
  if (result.ok) throw new Error("expected invalid params");
  if (result.error.kind !== "invalid_params") throw new Error(result.error.kind);
  return result.error.issues;
}

describe("parseActionParams", () => {
  it("returns a typed call with parsed params (trimmed)", () => {
    const result = parseActionParams("create_identity", {
      name: "  Runner ",
      category: "physical_expression",
    });
    expect(result).toEqual({
      ok: true,
      call: {
        type: "create_identity",
        params: { name: "Runner", category: "physical_expression" },
      },
    });
    if (result.ok && result.call.type === "create_identity") {
      // Narrowed by type: the checker knows these fields.
      expect(result.call.params.name.length).toBe(6);
    }
  });

  it("reports unknown actions, including prototype names", () => {
    for (const type of ["launch_rocket", "__proto__", "constructor", "toString", ""]) {
      expect(parseActionParams(type, {})).toEqual({ ok: false, error: { kind: "unknown_action" } });
    }
  });

  it("turns null for an optional param into absent", () => {
    const result = parseActionParams("create_identity", {
      name: "Runner",
      category: "spiritual",
      note: null,
    });
    expect(result.ok && result.call.params).toEqual({ name: "Runner", category: "spiritual" });
    expect(result.ok && Object.hasOwn(result.call.params, "note")).toBe(false);
  });

  it("keeps null invalid for required params", () => {
    expect(issues("create_identity", { name: null, category: "spiritual" })).toEqual([
      {
        index: null,
        path: "params.name",
        expected: "a string",
        received: "null",
        message: "Wrong type",
      },
    ]);
  });

  it("reports missing params", () => {
    expect(issues("add_identity_note", { identityId: "abc" })).toEqual([
      expect.objectContaining({
        path: "params.note",
        message: "Missing required value",
        received: "nothing (the key is missing)",
      }),
    ]);
  });

  it("reports extra params (instead of silently dropping them)", () => {
    expect(issues("set_current_identity", { identityId: "abc", force: true })).toEqual([
      expect.objectContaining({
        path: "params.force",
        message: "Unexpected key",
        expected: 'only the keys "identityId"',
      }),
    ]);
  });

  it("reports mistyped params and wrong enum values", () => {
    const found = issues("create_identity", { name: 42, category: "sports" });
    expect(found.map((problem) => [problem.path, problem.message])).toEqual([
      ["params.name", "Wrong type"],
      ["params.category", "Not an allowed value"],
    ]);
    expect(found[1]?.expected).toContain('"passions_and_talents"');
  });

  it("enforces the caps on strings and arrays", () => {
    const [name] = issues("create_identity", { name: "x".repeat(61), category: "spiritual" });
    expect(name).toMatchObject({
      path: "params.name",
      expected: "a string of at most 60 characters",
      received: expect.stringContaining("a string of 61 characters"),
    });
    const [replies] = issues("show_canned_replies", { replies: ["a", "b", "c", "d", "e"] });
    expect(replies).toMatchObject({ path: "params.replies", expected: "at most 4 items" });
    const [empty] = issues("show_canned_replies", { replies: [] });
    expect(empty).toMatchObject({ path: "params.replies", expected: "at least 1 items" });
    const [blank] = issues("add_user_note", { note: "   " });
    expect(blank).toMatchObject({ path: "params.note", expected: "a non-empty string" });
  });

  it("rejects ids that are not ids", () => {
    const [problem] = issues("set_current_identity", { identityId: "id with spaces" });
    expect(problem).toMatchObject({ path: "params.identityId", message: "Wrong format" });
  });

  it("applies the definitions' refinements", () => {
    expect(issues("nest_identity", { nestedIdentityId: "a", parentIdentityId: "a" })).toEqual([
      expect.objectContaining({
        path: "params.parentIdentityId",
        message: expect.stringContaining("must be different"),
      }),
    ]);
    expect(issues("update_identity", { identityId: "a", name: null })[0]?.message).toContain(
      "Set at least one",
    );
  });

  it("treats __proto__ as an ordinary unexpected key and never pollutes prototypes", () => {
    const params = JSON.parse('{"identityId":"a","__proto__":{"polluted":true}}');
    expect(issues("set_current_identity", params)).toEqual([
      expect.objectContaining({ path: "params.__proto__", message: "Unexpected key" }),
    ]);
    expect(Reflect.get({}, "polluted")).toBeUndefined();
    expect(Reflect.get(Object.prototype, "polluted")).toBeUndefined();
  });

  it("rejects params that are not an object", () => {
    for (const params of [null, "x", 3, [], undefined]) {
      expect(issues("set_current_identity", params)[0]).toMatchObject({ path: "params" });
    }
  });
});

describe("referencesOf", () => {
  it("finds every entity id in parsed params, from the definitions", () => {
    expect(referencesOf("combine_identities", { identityIdA: "a", identityIdB: "b" })).toEqual([
      { kind: "identity", id: "a", path: "identityIdA" },
      { kind: "identity", id: "b", path: "identityIdB" },
    ]);
    expect(referencesOf("update_user_note", { noteId: "n1", note: "x" })).toEqual([
      { kind: "user_note", id: "n1", path: "noteId" },
    ]);
    expect(referencesOf("create_identity", { name: "Runner", category: "spiritual" })).toEqual([]);
  });
});

// The app's pure parts, without a browser: the build's contents, the params form derived from
// a JSON Schema, prompt placeholders, words for people, error sentences, log filters.
import { TRPCClientError } from "@trellis/sdk";
import { describe, expect, inject, it } from "vitest";
import { bundleReport } from "../scripts/bundle-report.ts";
import { logInput } from "../src/admin/action-log.tsx";
import { placeholders } from "../src/admin/prompt-placeholders.ts";
import { actionDetail } from "../src/chat/action-words.ts";
import { problemsOf } from "../src/chat/field-problems.ts";
import { fieldLabel, fieldsOf, initialValues } from "../src/chat/params-form.tsx";
import { describeError, describeReason } from "../src/errors.ts";
import { withoutBidiControls } from "../src/text.ts";

describe("the built app", () => {
  const chunks = bundleReport(inject("trellisWebDir"));

  it("holds no server code", () => {
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flatMap((chunk) => chunk.serverCode)).toEqual([]);
  });

  it("ships the operator console as its own chunk", () => {
    expect(chunks.filter((chunk) => chunk.file.startsWith("console-"))).toHaveLength(1);
    expect(chunks.filter((chunk) => chunk.file.startsWith("index-"))).toHaveLength(1);
  });
});

const statementSchema = {
  type: "object",
  properties: {
    identityId: { type: "string", maxLength: 64 },
    statement: { type: "string", maxLength: 500 },
    count: { type: "integer" },
    tags: { type: "array", items: { type: "string" } },
  },
};

describe("the params form", () => {
  it("has one field per editable property (arrays and objects are left out)", () => {
    expect(fieldsOf(statementSchema).map((field) => field.name)).toEqual([
      "identityId",
      "statement",
      "count",
    ]);
    expect(fieldsOf(null)).toEqual([]);
    expect(fieldsOf({ type: "object" })).toEqual([]);
  });

  it("starts from the proposed values, and empty where none was proposed", () => {
    expect(initialValues(statementSchema, { identityId: "i1", statement: "I am here" })).toEqual({
      identityId: "i1",
      statement: "I am here",
      count: "",
    });
  });
});

describe("prompt placeholders", () => {
  it("splits known context keys from unknown names, once each", () => {
    expect(placeholders("Hi {{userName}}, {{ phase }} {{userName}} {{nope}}")).toEqual({
      keys: ["userName", "phase"],
      unknown: ["nope"],
    });
  });
});

describe("words for people", () => {
  it("labels params from their schema title, else their key in words", () => {
    expect(fieldLabel("identityId", {})).toBe("Identity");
    expect(fieldLabel("iAmStatement", {})).toBe("I am statement");
    expect(fieldLabel("statement", { title: "Your statement" })).toBe("Your statement");
  });

  it("says a phase change with the phase's title, and no summaries meant for the model", () => {
    expect(
      actionDetail({
        actionType: "transition_phase",
        status: "completed",
        data: { fromPhase: "get_to_know_you", toPhase: "identity_warm_up" },
      }),
    ).toBe("Now: Warming up");
    expect(actionDetail({ actionType: "suggest_i_am_statement", status: "rejected" })).toBeNull();
    expect(actionDetail({ actionType: "create_identity", status: "approved" })).toBeNull();
  });

  it("puts a refused edit's problems next to their fields, with a sentence and no error names", () => {
    const problems = problemsOf({
      actionId: "a1",
      type: "suggest_i_am_statement",
      replayed: false,
      status: "failed",
      summary: "Error: ActionValidationError - Invalid params (statement: Empty)",
      error: {
        name: "ActionValidationError",
        kind: "validation",
        message: "Invalid params (statement: Empty)",
        actionType: "suggest_i_am_statement",
        fieldErrors: [{ path: "statement", message: "Write a statement (it cannot be empty)." }],
      },
    });
    expect(problems.fields).toEqual({ statement: "Write a statement (it cannot be empty)." });
    expect(problems.message).not.toMatch(/Error|Invalid params/);
  });

  it("removes bidi overrides and isolates from names, keeping the letters", () => {
    expect(withoutBidiControls("Alice \u202eRTL\u202c")).toBe("Alice RTL");
    expect(withoutBidiControls("\u2067שלום\u2069 Bob")).toBe("שלום Bob");
  });
});

describe("error sentences", () => {
  const apiError = (httpStatus: number, reason: string | null) =>
    new TRPCClientError("boom at line 3", {
      result: {
        error: {
          message: "boom",
          code: -32000,
          data: { code: "BAD_REQUEST", httpStatus, reason, inputIssues: null },
        },
      },
    });

  it("names rate limits, an unavailable model and refusals in words, never the raw message", () => {
    expect(describeError(apiError(429, "rate_limited"))).toMatch(/too many requests/);
    expect(describeError(apiError(502, "model_failed"))).toMatch(/coach is unavailable/);
    expect(describeError(apiError(403, null))).toBe("You are not allowed to do that.");
    expect(describeError(apiError(500, null))).not.toContain("boom");
    expect(describeError(new TypeError("fetch failed"))).toMatch(/Cannot reach the server/);
  });

  it("has a sentence for a failed turn's kind, or none", () => {
    expect(describeReason("invalid_output")).toMatch(/coach is unavailable/);
    expect(describeReason("something_else")).toBeNull();
  });
});

describe("action log filters", () => {
  it("sends only the filters that are set, with dates as dates", () => {
    expect(
      logInput({
        testScenarioId: "",
        type: "create_identity",
        status: "failed",
        invoker: "nobody",
        from: "2026-01-02T03:04",
        to: "",
      }),
    ).toEqual({
      limit: 25,
      type: "create_identity",
      status: "failed",
      from: new Date("2026-01-02T03:04"),
    });
  });
});

// The codecs that read stored rows and JSON back for clients: what the pipeline wrote comes
// back as written, and what no code of ours wrote (a hand-edited or foreign value) reads as
// "none" instead of reaching a client half-typed.
import type { DetailedError } from "@trellis/contract";
import type { Action } from "@trellis/db";
import { describe, expect, it } from "vitest";
import { ActionValidationError } from "../src/errors.ts";
import { actionLogEntryDto } from "../src/stored/action.ts";
import { toWireEvent } from "../src/stored/action-event.ts";
import { readComponent } from "../src/stored/chat-message.ts";
import { coachStateView, readPhase } from "../src/stored/coach-state.ts";
import { readDetailedError } from "../src/stored/detailed-error.ts";

const validation: DetailedError = new ActionValidationError("create_identity", "Invalid params", [
  { path: "name", message: "Required" },
]).toDetailedError();

function actionRow(overrides: Partial<Action>): Action {
  const at = new Date("2026-01-02T03:04:05.000Z");
  return {
    id: "a1",
    userId: "u1",
    type: "create_identity",
    params: { name: "Runner" },
    status: "completed",
    invoker: "coach",
    resultSummary: "Created",
    result: { identityId: "i1" },
    error: null,
    chatMessageId: null,
    idempotencyKey: "key-1",
    durationMs: 3,
    testScenarioId: null,
    traceId: null,
    spanId: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

describe("stored action errors", () => {
  it("read back as the pipeline wrote them, field errors included", () => {
    expect(readDetailedError(JSON.parse(JSON.stringify(validation)))).toEqual(validation);
  });

  it.each([
    ["null", null],
    ["an unknown kind", { ...validation, kind: "exploded" }],
    ["a missing message", { name: "X", kind: "execution", actionType: "t" }],
    ["an array", [validation]],
  ])("read %s as no error", (_, stored) => {
    expect(readDetailedError(stored)).toBeNull();
  });
});

describe("audit rows for clients", () => {
  it("keep the idempotency key and user on the server", () => {
    const entry = actionLogEntryDto(actionRow({}));
    expect(entry).not.toHaveProperty("idempotencyKey");
    expect(entry).not.toHaveProperty("userId");
    expect(entry).toMatchObject({ id: "a1", params: { name: "Runner" }, error: null });
  });

  it("read unknown statuses and invokers as failed and user, and the stored error", () => {
    const entry = actionLogEntryDto(
      actionRow({
        status: "exploded",
        invoker: "martian",
        error: JSON.parse(JSON.stringify(validation)),
      }),
    );
    expect(entry).toMatchObject({ status: "failed", invoker: "user", error: validation });
  });
});

describe("other stored values", () => {
  it("a component reads back, or as none when it is not one", () => {
    const component = { quickReplies: ["Yes", "No"] };
    expect(readComponent(component)).toEqual(component);
    expect(readComponent({ quickReplies: "Yes" })).toBeNull();
    expect(readComponent(null)).toBeNull();
  });

  it("a phase the catalog no longer knows reads as the first one", () => {
    expect(readPhase("identity_refinement")).toBe("identity_refinement");
    expect(readPhase("retired_phase")).toBe("introduction");
  });

  it("the coach state reads under one rule, whoever reads it (pipeline, snapshot)", () => {
    const row = {
      userId: "u1",
      phase: "retired_phase",
      currentIdentityId: null,
      identityFocus: "retired_category",
      skippedCategories: ["spiritual", "retired_category", "maker_of_money", "spiritual"],
      whoYouAre: null,
      whoYouWantToBe: ["a runner"],
      askedQuestions: [],
      version: 3,
    };
    expect(coachStateView.parse(row)).toEqual({
      ...row,
      phase: "introduction",
      identityFocus: null,
      // A set: the known ones, once each, in the catalog's order.
      skippedCategories: ["maker_of_money", "spiritual"],
      whoYouAre: [],
    });
    expect(coachStateView.safeParse({ ...row, version: "3" }).success).toBe(false);
  });
});

describe("action event rows", () => {
  const row = {
    id: 7n,
    userId: "u1",
    actionId: "a1",
    kind: "completed",
    payload: { actionType: "create_identity", summary: "Created", data: { name: "Runner" } },
    createdAt: new Date("2026-01-02T03:04:05.000Z"),
  };

  it("read into the wire form, data cut to the byte budget", () => {
    expect(toWireEvent(row)).toEqual({
      id: "7",
      userId: "u1",
      actionId: "a1",
      actionType: "create_identity",
      kind: "completed",
      summary: "Created",
      data: { name: "Runner" },
      truncated: false,
      createdAt: "2026-01-02T03:04:05.000Z",
    });
    expect(
      toWireEvent({ ...row, payload: { ...row.payload, data: "x".repeat(100) } }, 20),
    ).toMatchObject({
      truncated: true,
    });
  });

  it("a payload no code of ours wrote reads as unknown; an unknown kind is refused", () => {
    for (const payload of [null, "text", [1], { actionType: 5, summary: 6 }]) {
      expect(toWireEvent({ ...row, payload })).toMatchObject({
        actionType: "unknown",
        summary: null,
        data: null,
      });
    }
    expect(() => toWireEvent({ ...row, kind: "exploded" })).toThrow(/unknown action event kind/);
  });
});

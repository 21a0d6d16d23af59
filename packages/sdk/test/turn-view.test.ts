// The turn view reducer: what a chat UI shows as a turn's events arrive.
import {
  type ActionOutcome,
  initialTurnView,
  reduceTurnView,
  type TurnResult,
  type TurnStreamEvent,
  type TurnView,
} from "@trellis/sdk";
import { describe, expect, it } from "vitest";

const completed: ActionOutcome = {
  status: "completed",
  actionId: "a1",
  type: "show_canned_replies",
  replayed: false,
  result: { replies: ["Go"] },
  summary: "Showed 1 reply",
};
const failed: ActionOutcome = {
  status: "failed",
  actionId: "a2",
  type: "transition_phase",
  replayed: false,
  error: {
    kind: "validation",
    name: "ActionValidationError",
    message: "bad",
    actionType: "transition_phase",
  },
  summary: "Error: ActionValidationError - bad",
};

function result(actions: ActionOutcome[]): TurnResult {
  return {
    userMessageId: "u1",
    coachMessage: {
      id: "c1",
      content: "Hello there",
      component: null,
      phase: "introduction",
      promptVersion: 1,
    },
    actions,
    rejected: [],
    attempts: 2,
    state: { phase: "introduction", currentIdentityId: null, identityFocus: null, identities: [] },
    replayed: false,
  };
}

const fold = (events: TurnStreamEvent[], from: TurnView = initialTurnView) =>
  events.reduce(reduceTurnView, from);

describe("reduceTurnView", () => {
  it("appends deltas, resets them on a re-ask, then tracks actions to completion", () => {
    const final = result([completed]);
    const steps: TurnView[] = [];
    let view = initialTurnView;
    for (const event of [
      { type: "turn.started", turnId: "t1", userMessageId: "u1" },
      { type: "message.delta", text: "Hel" },
      { type: "message.delta", text: "lo?" },
      { type: "turn.reasked", problems: ["actions[0].type: Unknown action type."] },
      { type: "message.delta", text: "Hello " },
      { type: "message.delta", text: "there" },
      { type: "action.started", actionId: "a1", actionType: "show_canned_replies" },
      { type: "action.completed", outcome: completed },
      { type: "turn.completed", result: final },
    ] satisfies TurnStreamEvent[]) {
      view = reduceTurnView(view, event);
      steps.push(view);
    }
    expect(steps.map((s) => s.text)).toEqual([
      "",
      "Hel",
      "Hello?",
      "",
      "Hello ",
      "Hello there",
      "Hello there",
      "Hello there",
      "Hello there",
    ]);
    expect(steps[0]).toMatchObject({ status: "streaming", turnId: "t1" });
    expect(steps[6]?.actions).toEqual([
      { actionId: "a1", actionType: "show_canned_replies", status: "started", outcome: null },
    ]);
    expect(view).toEqual({
      status: "completed",
      turnId: "t1",
      text: "Hello there",
      actions: [
        {
          actionId: "a1",
          actionType: "show_canned_replies",
          status: "completed",
          outcome: completed,
        },
      ],
      result: final,
      error: null,
      reasks: 1,
    });
  });

  it("never modifies the view it is given", () => {
    const started = fold([{ type: "turn.started", turnId: "t1", userMessageId: "u1" }]);
    const frozen = JSON.stringify(started);
    fold(
      [
        { type: "message.delta", text: "x" },
        { type: "action.started", actionId: "a1", actionType: "show_canned_replies" },
        { type: "action.completed", outcome: completed },
      ],
      started,
    );
    expect(JSON.stringify(started)).toBe(frozen);
    expect(initialTurnView).toMatchObject({ status: "idle", text: "", actions: [] });
  });

  it("takes outcomes it saw no start for (a resumed stream), and a failed action", () => {
    const view = fold([
      { type: "turn.started", turnId: "t1", userMessageId: "u1" },
      { type: "action.failed", outcome: failed },
      { type: "action.failed", outcome: { ...failed, type: "not_an_action", actionId: "a3" } },
    ]);
    expect(view.actions).toEqual([
      { actionId: "a2", actionType: "transition_phase", status: "failed", outcome: failed },
    ]);
  });

  it("ends failed or stopped, keeping what was shown", () => {
    const failedView = fold([
      { type: "turn.started", turnId: "t1", userMessageId: "u1" },
      { type: "message.delta", text: "Hi" },
      { type: "turn.failed", error: { kind: "model_failed", message: "down" } },
    ]);
    expect(failedView).toMatchObject({
      status: "failed",
      text: "Hi",
      error: { kind: "model_failed", message: "down" },
    });
    const stopped = fold([
      { type: "turn.started", turnId: "t1", userMessageId: "u1" },
      { type: "turn.stopped" },
    ]);
    expect(stopped.status).toBe("stopped");
  });

  it("a new turn.started starts over", () => {
    const first = fold([
      { type: "turn.started", turnId: "t1", userMessageId: "u1" },
      { type: "message.delta", text: "old" },
      { type: "turn.completed", result: result([completed]) },
    ]);
    expect(fold([{ type: "turn.started", turnId: "t2", userMessageId: "u2" }], first)).toEqual({
      ...initialTurnView,
      status: "streaming",
      turnId: "t2",
    });
  });
});

/** Exhaustive: a new event type fails to compile here until a client handles it. */
export function describeEvent(event: TurnStreamEvent): string {
  switch (event.type) {
    case "turn.started":
    case "message.delta":
    case "turn.reasked":
    case "action.started":
    case "action.completed":
    case "action.failed":
    case "action.pending_confirmation":
    case "turn.completed":
    case "turn.failed":
    case "turn.stopped":
      return event.type;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

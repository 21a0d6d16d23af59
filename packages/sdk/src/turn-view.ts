// What a chat UI renders of a turn while it streams, folded from the turn's events by a pure
// reducer: usable with React's useReducer, a store, or a plain loop.
import type { ActionOutcome, TurnFailure, TurnResult, TurnStreamEvent } from "@trellis/api";
import { ActionType } from "./action-type.ts";

export interface TurnViewAction {
  /** The audit row's id (empty when the server could not even record the action). */
  actionId: string;
  actionType: ActionType;
  status: "started" | "completed" | "failed" | "pending_confirmation";
  /** Set once the action has an outcome. */
  outcome: ActionOutcome | null;
}

export interface TurnView {
  status: "idle" | "streaming" | "completed" | "failed" | "stopped";
  turnId: string | null;
  /** The coach's words so far (reset on `turn.reasked`; the stored text on `turn.completed`). */
  text: string;
  /** The turn's actions in the order they ran. */
  actions: TurnViewAction[];
  result: TurnResult | null;
  error: TurnFailure | null;
  /** How often the model was asked again after an invalid reply. */
  reasks: number;
}

export const initialTurnView: TurnView = Object.freeze({
  status: "idle",
  turnId: null,
  text: "",
  actions: [],
  result: null,
  error: null,
  reasks: 0,
});

/** The view after `event`; `view` is never modified. */
export function reduceTurnView(view: TurnView, event: TurnStreamEvent): TurnView {
  switch (event.type) {
    case "turn.started":
      // A new turn (or the replay of this one from its start) begins from a clean view.
      return { ...initialTurnView, status: "streaming", turnId: event.turnId };
    case "message.delta":
      return { ...view, text: view.text + event.text };
    case "turn.reasked":
      // The text so far belonged to an invalid reply: the model starts again.
      return { ...view, text: "", reasks: view.reasks + 1 };
    case "action.started":
      if (view.actions.some((action) => action.actionId === event.actionId)) return view;
      return {
        ...view,
        actions: [
          ...view.actions,
          {
            actionId: event.actionId,
            actionType: event.actionType,
            status: "started",
            outcome: null,
          },
        ],
      };
    case "action.completed":
    case "action.failed":
    case "action.pending_confirmation":
      return { ...view, actions: withOutcome(view.actions, event.outcome) };
    case "turn.completed":
      return {
        ...view,
        status: "completed",
        text: event.result.coachMessage.content,
        // The result is the truth: every outcome, in order (an action announced under an id
        // that a resumed turn's replay answered under its first id is not left "started").
        actions: event.result.actions.reduce(withOutcome, []),
        result: event.result,
        error: null,
      };
    case "turn.failed":
      return { ...view, status: "failed", error: event.error };
    case "turn.stopped":
      return { ...view, status: "stopped" };
  }
}

function withOutcome(actions: TurnViewAction[], outcome: ActionOutcome): TurnViewAction[] {
  const actionId = outcome.actionId ?? "";
  const at = actions.findIndex((action) => action.actionId === actionId && actionId !== "");
  const entry = { status: outcome.status, outcome };
  if (at >= 0) {
    const existing = actions[at];
    if (existing === undefined) return actions;
    return actions.map((action, index) => (index === at ? { ...existing, ...entry } : action));
  }
  const actionType = asActionType(outcome.type);
  // An outcome of a type this client does not know (a newer server) is not shown.
  if (actionType === null) return actions;
  return [...actions, { actionId, actionType, ...entry }];
}

function asActionType(type: string): ActionType | null {
  for (const known of Object.values(ActionType)) if (known === type) return known;
  return null;
}

// The state a chat renders for one coach turn, and the pure reducer that builds it from the
// turn's events. The names and shapes are the SDK's turn-stream contract (TurnStreamEvent,
// TurnView, initialTurnView, reduceTurnView), agreed with the streaming work; until the SDK
// exports them they live here, and only here.
import {
  type ActionOutcome,
  ActionType,
  type CompletedOutcome,
  type FailedOutcome,
  type PendingOutcome,
  type TurnResult,
} from "@trellis/sdk";

export type TurnStreamEvent =
  | { type: "turn.started"; turnId: string; userMessageId: string }
  | { type: "message.delta"; text: string }
  | { type: "turn.reasked"; problems: string[] }
  | { type: "action.started"; actionId: string; actionType: ActionType }
  | { type: "action.completed"; outcome: CompletedOutcome }
  | { type: "action.failed"; outcome: FailedOutcome }
  | { type: "action.pending_confirmation"; outcome: PendingOutcome }
  | { type: "turn.completed"; result: TurnResult }
  | { type: "turn.failed"; error: { kind: string; message: string } }
  | { type: "turn.stopped" };

export interface TurnViewAction {
  actionId: string;
  actionType: ActionType;
  status: "started" | "completed" | "failed" | "pending_confirmation";
  outcome: ActionOutcome | null;
}

export interface TurnView {
  status: "idle" | "streaming" | "completed" | "failed" | "stopped";
  turnId: string | null;
  text: string;
  actions: TurnViewAction[];
  result: TurnResult | null;
  error: { kind: string; message: string } | null;
  reasks: number;
}

export const initialTurnView: TurnView = {
  status: "idle",
  turnId: null,
  text: "",
  actions: [],
  result: null,
  error: null,
  reasks: 0,
};

const actionTypes: ReadonlySet<string> = new Set(Object.values(ActionType));

export function isActionType(value: string): value is ActionType {
  return actionTypes.has(value);
}

/** Adds or updates the action's entry, keeping the order in which actions first appeared. */
function upsertAction(actions: TurnViewAction[], next: TurnViewAction): TurnViewAction[] {
  const index = actions.findIndex((action) => action.actionId === next.actionId);
  if (index === -1) return [...actions, next];
  return actions.map((action, i) => (i === index ? next : action));
}

function settled(view: TurnView, outcome: ActionOutcome): TurnView {
  if (outcome.actionId === null || !isActionType(outcome.type)) return view;
  return {
    ...view,
    actions: upsertAction(view.actions, {
      actionId: outcome.actionId,
      actionType: outcome.type,
      status: outcome.status,
      outcome,
    }),
  };
}

export function reduceTurnView(view: TurnView, event: TurnStreamEvent): TurnView {
  switch (event.type) {
    case "turn.started":
      return { ...initialTurnView, status: "streaming", turnId: event.turnId };
    case "message.delta":
      return { ...view, text: view.text + event.text };
    case "turn.reasked":
      return { ...view, text: "", reasks: view.reasks + 1 };
    case "action.started":
      return {
        ...view,
        actions: upsertAction(view.actions, {
          actionId: event.actionId,
          actionType: event.actionType,
          status: "started",
          outcome: null,
        }),
      };
    case "action.completed":
    case "action.failed":
    case "action.pending_confirmation":
      return settled(view, event.outcome);
    case "turn.completed": {
      const withOutcomes = event.result.actions.reduce(settled, view);
      return {
        ...withOutcomes,
        status: "completed",
        text: event.result.coachMessage.content,
        result: event.result,
      };
    }
    case "turn.failed":
      return { ...view, status: "failed", error: event.error };
    case "turn.stopped":
      return { ...view, status: "stopped" };
  }
}

// A turn's planned actions, applied in order through the engine, each announced to the turn's
// stream before it runs and reported when it has committed (or failed).
import { randomUUID } from "node:crypto";
import { isActionType } from "@trellis/actions";
import type { ActionEngine, ActionOutcome, ActionRequest } from "@trellis/engine";
import type { TurnEventSink, TurnStreamEvent } from "./turn-result.ts";

/**
 * Like `engine.executeAll` (a failure is recorded and the next action still runs; a
 * TransientDatabaseError stops the run), with events.
 */
export async function applyInOrder(
  engine: ActionEngine,
  requests: readonly ActionRequest[],
  events: TurnEventSink | undefined,
): Promise<ActionOutcome[]> {
  if (!events) return engine.executeAll(requests);
  const outcomes: ActionOutcome[] = [];
  for (const request of requests) {
    outcomes.push(await applyOne(engine, request, events));
  }
  return outcomes;
}

/** One action with its events (tool-calling turns apply their calls one at a time). */
export async function applyOne(
  engine: ActionEngine,
  request: ActionRequest,
  events: TurnEventSink | undefined,
): Promise<ActionOutcome> {
  if (!events) return engine.execute(request);
  const actionId = randomUUID();
  // An unknown type is not announced: the engine records it as a failed action.
  if (isActionType(request.type)) {
    events({ type: "action.started", actionId, actionType: request.type });
  }
  const outcome = await engine.execute({ ...request, actionId });
  events(outcomeEvent(outcome));
  return outcome;
}

export function outcomeEvent(outcome: ActionOutcome): TurnStreamEvent {
  switch (outcome.status) {
    case "completed":
      return { type: "action.completed", outcome };
    case "failed":
      return { type: "action.failed", outcome };
    case "pending_confirmation":
      return { type: "action.pending_confirmation", outcome };
  }
}

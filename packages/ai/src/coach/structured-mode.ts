// The structured reply mode: one JSON reply per model call (asked again while the policy says
// so), stored with its planned actions before any of them is applied, then applied in order.
// Once planned, a turn never asks the model again: a resumed or recovered turn applies its plan.
import { toJson } from "@trellis/contract/schemas";
import { applyInOrder } from "./apply-actions.ts";
import type { ReplyMode, StartedStage, TurnInput, TurnParts } from "./reply-mode.ts";
import { coachMessageRow, turnMessages } from "./reply-mode.ts";
import { isRejected } from "./stored-result.ts";
import { askStructured } from "./structured-reply.ts";
import type { StoredCoachMessage, TurnEnding } from "./turn-end.ts";
import type { TurnEventSink } from "./turn-events.ts";
import type { PlannedStage, TurnKey } from "./turn-record.ts";

export class StructuredMode implements ReplyMode {
  readonly #parts: TurnParts;

  constructor(parts: TurnParts) {
    this.#parts = parts;
  }

  async reply(key: TurnKey, stage: StartedStage, input: TurnInput): Promise<TurnEnding> {
    const { records } = this.#parts;
    const { request, snapshot, text } = input;
    const reply = await askStructured({
      model: this.#parts.model,
      policy: this.#parts.policy,
      phase: snapshot.phase,
      messages: turnMessages(input, "response_format"),
      snapshot,
      userMessage: text,
      signal: input.signal,
      stop: request.stop,
      events: request.events,
    });
    // From here on the turn completes even if its client is gone.
    // The coach message and the plan, in one statement: both or neither.
    const { plan, coach } = await records.plan(key, coachMessageRow(input, reply.message), {
      stage: "planned",
      userMessageId: stage.userMessageId,
      // As the model sent them: the engine's parse is then the only one (transforms once).
      actions: reply.planned.map((call) => ({ type: call.type, params: toJson(call.params) })),
      rejected: reply.rejected.map((r) => toJson(r)),
      attempts: reply.attempts,
      ...(request.testScenarioId ? { testScenarioId: request.testScenarioId } : {}),
    });
    return applyPlan(this.#parts, key, plan, coach, request.events);
  }
}

/**
 * Applies a planned turn's actions (those that committed before are replayed by their keys,
 * not applied again). `stored` is the coach message when this call wrote it; a resumed turn
 * reads it back.
 */
export async function applyPlan(
  parts: Pick<TurnParts, "engine">,
  key: TurnKey,
  plan: PlannedStage,
  stored: StoredCoachMessage | null,
  events?: TurnEventSink,
): Promise<TurnEnding> {
  const actions = await applyInOrder(
    parts.engine,
    plan.actions.map((action, index) => ({
      userId: key.userId,
      type: action.type,
      params: action.params,
      invoker: "coach" as const,
      chatMessageId: plan.coachMessageId,
      idempotencyKey: `turn:${plan.coachMessageId}:${index}`,
      ...(plan.testScenarioId ? { testScenarioId: plan.testScenarioId } : {}),
    })),
    events,
  );
  return {
    userMessageId: plan.userMessageId,
    coachMessageId: plan.coachMessageId,
    actions,
    rejected: plan.rejected.flatMap((r) => (isRejected(r) ? [r] : [])),
    attempts: plan.attempts,
    stored,
  };
}

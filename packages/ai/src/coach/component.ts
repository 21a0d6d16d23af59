// The UI component a coach message carries, derived from its actions' outcomes: quick-reply
// buttons (show_canned_replies) and approve/reject confirmations (pending actions).
import { catalog, isActionType, isJsonObject } from "@trellis/actions";
import type { ActionOutcome, CoachComponent, Confirmation, Json } from "@trellis/contract";

export function componentOf(outcomes: readonly ActionOutcome[]): CoachComponent | null {
  const confirmations: Confirmation[] = [];
  let quickReplies: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === "pending_confirmation") {
      confirmations.push({
        pendingActionId: outcome.pendingActionId,
        actionType: outcome.type,
        title: isActionType(outcome.type) ? catalog[outcome.type].title : outcome.type,
        params: outcome.params,
      });
    }
    if (outcome.status === "completed" && outcome.type === "show_canned_replies") {
      quickReplies = repliesOf(outcome.result);
    }
  }
  if (confirmations.length === 0 && quickReplies.length === 0) return null;
  return {
    ...(quickReplies.length > 0 ? { quickReplies } : {}),
    ...(confirmations.length > 0 ? { confirmations } : {}),
  };
}

function repliesOf(result: Json): string[] {
  if (!isJsonObject(result)) return [];
  const replies = result.replies;
  return Array.isArray(replies) ? replies.filter((r): r is string => typeof r === "string") : [];
}

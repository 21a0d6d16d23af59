// What an action's row says to the person it happened for. The server's summaries are written
// for the model and the log ("Moved from phase get_to_know_you to identity_warm_up", "The user
// declined suggest_i_am_statement"); the app says the same in the user's words, from the
// catalog's titles, and keeps a summary only where it is already plain (a failure's message).
import { phaseTitle } from "@trellis/sdk";
import type { Json } from "@trellis/sdk";

export type ActionStatusWord =
  | "started"
  | "completed"
  | "failed"
  | "pending_confirmation"
  | "rejected"
  | "approved";

export const STATUS_WORDS: Readonly<Record<ActionStatusWord, string>> = {
  started: "running",
  completed: "done",
  failed: "did not work",
  pending_confirmation: "waiting for you",
  rejected: "you declined",
  approved: "you approved",
};

function field(data: Json | undefined, name: string): string | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const value = Object.entries(data).find(([key]) => key === name)?.[1];
  return typeof value === "string" ? value : null;
}

/** A line under the action's title, or null when the title and status say it all. */
export function actionDetail(entry: {
  actionType: string;
  status: ActionStatusWord;
  /** The action's params or result: where a phase change names its phase. */
  data?: Json | undefined;
}): string | null {
  switch (entry.status) {
    case "failed":
      return "Nothing was changed.";
    case "pending_confirmation":
      return "The coach suggests this: approve, edit or decline it in the chat.";
    case "approved":
    case "rejected":
    case "started":
      return null;
    case "completed": {
      const phase = entry.actionType === "transition_phase" ? field(entry.data, "toPhase") : null;
      return phase ? `Now: ${phaseTitle(phase)}` : null;
    }
  }
}

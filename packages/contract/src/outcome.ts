// What running one action gave: the same shape from `actions.execute`, `pending.*` and each
// action of a coach turn.
import type { DetailedError } from "./errors.ts";
import type { Json } from "./json.ts";

interface OutcomeBase {
  /** The audit row's id; null only when even the failure could not be recorded. */
  actionId: string | null;
  type: string;
  /** True when an idempotency key matched an earlier execution: nothing ran again. */
  replayed: boolean;
}

export interface CompletedOutcome extends OutcomeBase {
  status: "completed";
  result: Json;
  summary: string;
}

export interface FailedOutcome extends OutcomeBase {
  status: "failed";
  error: DetailedError;
  /** The one-line form for the model: "Error: <name> - <message>". */
  summary: string;
}

export interface PendingOutcome extends OutcomeBase {
  status: "pending_confirmation";
  pendingActionId: string;
  params: Json;
  summary: string;
}

export type ActionOutcome = CompletedOutcome | FailedOutcome | PendingOutcome;

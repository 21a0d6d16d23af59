// What the pipeline is asked to run, and what it tells its observer.
import type { Invoker } from "@trellis/actions";
import type { ActionOutcome } from "@trellis/contract";

export interface ActionRequest {
  userId: string;
  /** Untrusted: validated against the catalog. */
  type: string;
  /** Untrusted: validated against the action's params schema. */
  params: unknown;
  invoker: Invoker;
  /** Replaying a request with the same key returns the first outcome and applies nothing. */
  idempotencyKey?: string;
  /** The coach message that carried the action. */
  chatMessageId?: string;
  /**
   * The audit row's id, when the caller announces the action before it runs (a turn's stream
   * says `action.started` with it). A replayed key's outcome keeps the first execution's id.
   */
  actionId?: string;
  testScenarioId?: string;
  /**
   * Sent by an agent acting for the user (an MCP client), not by the user themself: an action
   * that needs the user's confirmation (a confirmed action, or a param only the user may set)
   * is recorded as pending for the user to approve, as the coach's proposals are.
   */
  agent?: boolean;
}

export interface OutcomeObservation {
  type: string;
  invoker: Invoker;
  status: ActionOutcome["status"];
  replayed: boolean;
  durationMs: number;
}

/** A pending action being approved by the user. */
export interface Approval {
  pendingActionId: string;
  /** The stored params, unedited: parsed when the action was proposed, not parsed again. */
  stored: boolean;
}

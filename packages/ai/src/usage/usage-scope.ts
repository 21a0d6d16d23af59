// Who a model call is for: set around a coach turn and a note-taker job, read by the metered
// provider where the call is made. An AsyncLocalStorage carries it, so the model interfaces
// between the two (CoachModel, NoteModel, ModelProvider) stay as they are.
import { AsyncLocalStorage } from "node:async_hooks";

export interface UsageScope {
  userId: string;
  purpose: "coach" | "notes";
  /** The turn: its user message id. */
  turnId?: string;
  phase?: string;
  promptVersion?: number;
}

const storage = new AsyncLocalStorage<UsageScope>();

/** Runs `fn` with the scope that model calls inside it are recorded under. */
export function withUsageScope<T>(scope: UsageScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the model call being made, if any (a call outside one is not recorded). */
export function currentUsageScope(): UsageScope | undefined {
  return storage.getStore();
}

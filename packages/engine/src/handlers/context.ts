import type { ActionType, Invoker } from "@trellis/actions";
import type { Prisma } from "@trellis/db";
import type { CoachStateView } from "../stored/coach-state.ts";
import type { PreloadedRows } from "./preloaded.ts";

/**
 * What every handler receives. `tx` is the action's transaction: everything a handler writes
 * commits or rolls back together with the action's audit row. `state` was read with the
 * user's row lock held, so no other action of this user runs until this one commits.
 */
export interface HandlerContext {
  /**
   * The action being run, for the errors a handler throws: a name written out as a string
   * would outlive a rename of the action unnoticed.
   */
  readonly actionType: ActionType;
  readonly tx: Prisma.TransactionClient;
  readonly userId: string;
  readonly invoker: Invoker;
  readonly state: CoachStateView;
  readonly now: Date;
  /** Referenced rows the pipeline already read (and checked) in this transaction. */
  readonly preloaded: PreloadedRows;
}

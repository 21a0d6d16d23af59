import type { IdentityCategory, Invoker, Phase } from "@trellis/actions";
import type { CoachState, Prisma } from "@trellis/db";

/** The coach state with its text columns read back as the catalog's types. */
export interface CoachStateView
  extends Omit<CoachState, "phase" | "identityFocus" | "skippedCategories"> {
  phase: Phase;
  identityFocus: IdentityCategory | null;
  skippedCategories: IdentityCategory[];
}

/**
 * What every handler receives. `tx` is the action's transaction: everything a handler writes
 * commits or rolls back together with the action's audit row. `state` was read under the
 * user's lock, so no other action of this user runs until this one commits.
 */
export interface HandlerContext {
  readonly tx: Prisma.TransactionClient;
  readonly userId: string;
  readonly invoker: Invoker;
  readonly state: CoachStateView;
  readonly now: Date;
}

// Budgets read from the ledger, checked before every model call: a user's tokens per UTC day
// and the whole deployment's dollars per UTC day. Both off unless configured.
import type { UsageLedger } from "./ledger.ts";

export interface Budgets {
  /** Tokens (prompt + completion) one user may use per UTC day. */
  userDailyTokens?: number | undefined;
  /** US dollars all users together may spend per UTC day. */
  dailyCostUsd?: number | undefined;
}

/** A model call refused because a budget is used up; nothing was sent to the model. */
export class BudgetExceededError extends Error {
  override readonly name = "BudgetExceededError";
  readonly budget: "user_daily_tokens" | "daily_cost";

  constructor(budget: BudgetExceededError["budget"], message: string) {
    super(message);
    this.budget = budget;
  }
}

export function budgetsEnabled(budgets: Budgets): boolean {
  return budgets.userDailyTokens !== undefined || budgets.dailyCostUsd !== undefined;
}

/** Throws BudgetExceededError when `userId` (or the deployment) has used up a budget today. */
export async function checkBudgets(
  ledger: UsageLedger,
  budgets: Budgets,
  userId: string,
  now: Date = new Date(),
): Promise<void> {
  if (budgets.userDailyTokens !== undefined) {
    const used = await ledger.userTokensOn(userId, now);
    if (used >= budgets.userDailyTokens) {
      throw new BudgetExceededError(
        "user_daily_tokens",
        `The daily token budget (${budgets.userDailyTokens}) is used up; it renews at 00:00 UTC`,
      );
    }
  }
  if (budgets.dailyCostUsd !== undefined) {
    const spent = await ledger.costOn(now);
    if (spent >= budgets.dailyCostUsd) {
      throw new BudgetExceededError(
        "daily_cost",
        "The service's daily model budget is used up; it renews at 00:00 UTC",
      );
    }
  }
}

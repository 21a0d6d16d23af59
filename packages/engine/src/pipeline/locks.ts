import type { Prisma } from "@trellis/db";
import { ActionExecutionError } from "../errors.ts";
import { type CoachStateView, coachStateView } from "../stored/coach-state.ts";

/**
 * Reads the user's coach state and locks its row until the transaction ends: every execution
 * of this user queues here, so there is no lost update on the coach state, while other users'
 * rows are other locks and proceed in parallel. One statement does both the read and the lock.
 * A user without a coach state gets one (new users start in `introduction`).
 */
export async function lockCoachState(
  tx: Prisma.TransactionClient,
  userId: string,
  actionType: string,
): Promise<CoachStateView> {
  let rows = await selectForUpdate(tx, userId);
  if (rows.length === 0) {
    await tx.coachState.createMany({ data: [{ userId }], skipDuplicates: true });
    rows = await selectForUpdate(tx, userId);
  }
  const row = coachStateView.safeParse(rows[0]);
  if (!row.success) {
    const fields = row.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new ActionExecutionError(actionType, `Unreadable coach state (${fields})`);
  }
  return row.data;
}

async function selectForUpdate(tx: Prisma.TransactionClient, userId: string): Promise<unknown[]> {
  const rows: unknown = await tx.$queryRaw`
    SELECT "userId", "phase", "currentIdentityId", "identityFocus", "skippedCategories",
           "whoYouAre", "whoYouWantToBe", "askedQuestions", "version"
    FROM "CoachState" WHERE "userId" = ${userId} FOR UPDATE`;
  return Array.isArray(rows) ? rows : [];
}

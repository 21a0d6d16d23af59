import { identityCategorySchema, phaseSchema } from "@trellis/actions";
import type { Prisma } from "@trellis/db";
import { ActionExecutionError } from "../errors.ts";
import type { CoachStateView } from "../handlers/context.ts";
import { coachStateColumns } from "../stored/coach-state.ts";

const lockedRow = coachStateColumns.pick({
  userId: true,
  phase: true,
  currentIdentityId: true,
  identityFocus: true,
  skippedCategories: true,
  whoYouAre: true,
  whoYouWantToBe: true,
  askedQuestions: true,
  version: true,
});

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
  const row = lockedRow.safeParse(rows[0]);
  if (!row.success) {
    const fields = row.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new ActionExecutionError(actionType, `Unreadable coach state (${fields})`);
  }
  const phase = phaseSchema.safeParse(row.data.phase);
  if (!phase.success) {
    throw new ActionExecutionError(
      actionType,
      `Stored phase '${row.data.phase}' is not a known phase`,
    );
  }
  const focus = identityCategorySchema.safeParse(row.data.identityFocus);
  return {
    ...row.data,
    phase: phase.data,
    identityFocus: focus.success ? focus.data : null,
    skippedCategories: row.data.skippedCategories.flatMap((category) => {
      const parsed = identityCategorySchema.safeParse(category);
      return parsed.success ? [parsed.data] : [];
    }),
  };
}

async function selectForUpdate(tx: Prisma.TransactionClient, userId: string): Promise<unknown[]> {
  const rows: unknown = await tx.$queryRaw`
    SELECT "userId", "phase", "currentIdentityId", "identityFocus", "skippedCategories",
           "whoYouAre", "whoYouWantToBe", "askedQuestions", "version"
    FROM "CoachState" WHERE "userId" = ${userId} FOR UPDATE`;
  return Array.isArray(rows) ? rows : [];
}

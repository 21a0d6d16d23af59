import { identityCategorySchema, phaseSchema } from "@trellis/actions";
import type { Prisma } from "@trellis/db";
import { ActionExecutionError } from "../errors.ts";
import type { CoachStateView } from "../handlers/context.ts";

/**
 * Serializes the executions of one user: a transaction-scoped advisory lock keyed by the user
 * id, released at commit or rollback. Other users' actions take other keys and run in
 * parallel. Works the same on PostgreSQL and PGlite.
 */
export async function lockUser(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  // `::text` because Prisma cannot deserialize a `void` column.
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${userId}, 0))::text`;
}

/** The user's coach state, created on first use (new users start in `introduction`). */
export async function loadCoachState(
  tx: Prisma.TransactionClient,
  userId: string,
  actionType: string,
): Promise<CoachStateView> {
  const row = await tx.coachState.upsert({ where: { userId }, update: {}, create: { userId } });
  const phase = phaseSchema.safeParse(row.phase);
  if (!phase.success) {
    throw new ActionExecutionError(actionType, `Stored phase '${row.phase}' is not a known phase`);
  }
  const focus = identityCategorySchema.safeParse(row.identityFocus);
  return {
    ...row,
    phase: phase.data,
    identityFocus: focus.success ? focus.data : null,
    skippedCategories: row.skippedCategories.flatMap((category) => {
      const parsed = identityCategorySchema.safeParse(category);
      return parsed.success ? [parsed.data] : [];
    }),
  };
}

// The state a turn reports after its actions ran, read in one statement (two Prisma queries
// cost a round trip and ~0.5 ms of CPU more on every turn), its phase under the same rule as
// the snapshot's and the pipeline's read (coachStateView).
import type { TurnState } from "@trellis/contract";
import { turnStateSchema } from "@trellis/contract/schemas";
import type { Db } from "@trellis/db";
import { readPhase } from "@trellis/engine";
import { z } from "zod";

export async function loadTurnState(db: Db, userId: string): Promise<TurnState> {
  const rows: unknown = await db.prisma.$queryRaw`
    SELECT s."phase", s."currentIdentityId", s."identityFocus",
      COALESCE((SELECT json_agg(json_build_object('id', i."id", 'name', i."name",
                  'category', i."category", 'state', i."state")
                ORDER BY i."order", i."createdAt")
        FROM "Identity" i WHERE i."userId" = s."userId"), '[]') AS "identities"
    FROM "CoachState" s WHERE s."userId" = ${userId}`;
  const [row] = z.array(turnStateSchema).parse(rows);
  if (!row) throw new Error(`No coach state for user ${userId}`);
  return { ...row, phase: readPhase(row.phase) };
}

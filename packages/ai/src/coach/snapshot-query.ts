// The rows a turn's snapshot is built from, in ONE statement. Read as six Prisma queries they
// cost about 1.8 ms of CPU per turn (query building and result shaping, six round trips); as
// one query that returns JSON, about 0.3 ms (bench/README, turns). The shapes are checked on
// the way in, so a schema change that breaks the query fails loudly, not silently.
import type { Db, Identity } from "@trellis/db";
import { coachStateView, identityColumns } from "@trellis/engine";
import { z } from "zod";

const RECENT_MESSAGES = 12;
const NOTES = 100;

const snapshotRow = z.object({
  firstName: z.string(),
  /** The coach state under the same rules as the pipeline's read. */
  state: coachStateView.nullable(),
  identities: z.array(identityColumns satisfies z.ZodType<Identity>),
  notes: z.array(z.string()),
  pending: z.array(z.object({ id: z.string(), type: z.string(), params: z.unknown() })),
  /** Oldest first. */
  messages: z.array(
    z.object({ role: z.string(), content: z.string(), summaries: z.array(z.string()) }),
  ),
});

export type SnapshotRow = z.infer<typeof snapshotRow>;

/** The user's snapshot rows, or null when there is no such user. */
export async function querySnapshot(db: Db, userId: string): Promise<SnapshotRow | null> {
  const rows: unknown = await db.prisma.$queryRaw`
    SELECT u."firstName",
      (SELECT row_to_json(s) FROM "CoachState" s WHERE s."userId" = u."id") AS "state",
      COALESCE((SELECT json_agg(i ORDER BY i."order", i."createdAt")
        FROM "Identity" i WHERE i."userId" = u."id"), '[]') AS "identities",
      COALESCE((SELECT json_agg(n."note" ORDER BY n."createdAt")
        FROM (SELECT "note", "createdAt" FROM "UserNote" WHERE "userId" = u."id"
              ORDER BY "createdAt" LIMIT ${NOTES}) n), '[]') AS "notes",
      COALESCE((SELECT json_agg(json_build_object('id', p."id", 'type', p."type",
                  'params', p."params") ORDER BY p."createdAt")
        FROM "PendingAction" p WHERE p."userId" = u."id" AND p."status" = 'pending'),
        '[]') AS "pending",
      COALESCE((SELECT json_agg(json_build_object('role', m."role", 'content', m."content",
                  'summaries', (SELECT COALESCE(json_agg(a."resultSummary" ORDER BY a."createdAt")
                                  FILTER (WHERE a."resultSummary" IS NOT NULL), '[]')
                                FROM "Action" a WHERE a."chatMessageId" = m."id"))
                ORDER BY m."createdAt")
        FROM (SELECT "id", "role", "content", "createdAt" FROM "ChatMessage"
              WHERE "userId" = u."id" ORDER BY "createdAt" DESC LIMIT ${RECENT_MESSAGES}) m),
        '[]') AS "messages"
    FROM "User" u WHERE u."id" = ${userId}`;
  const [row] = z.array(snapshotRow).parse(rows);
  return row ?? null;
}

// Per-user API tokens. The token is shown once, when it is issued; the database keeps only its
// sha-256 digest (hex), so a leaked database does not leak usable tokens.
import { createHash, randomBytes } from "node:crypto";
import type { IssuedToken, Role } from "@trellis/contract";
import type { Db } from "@trellis/db";
import { z } from "zod";

/** Tokens look like `trl_<43 base64url chars>` (32 random bytes): easy to spot in a leak scan. */
const TOKEN_PREFIX = "trl_";
/** lastUsedAt is written at most this often per token, so reads do not all become writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface Caller {
  userId: string;
  role: Role;
  tokenId: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export async function issueToken(db: Db, userId: string, name: string): Promise<IssuedToken> {
  const token = generateToken();
  const row = await db.prisma.apiToken.create({
    data: { userId, name, tokenHash: hashToken(token) },
  });
  return { token, tokenId: row.id, userId, name };
}

const tokenRow = z.object({
  id: z.string(),
  userId: z.string(),
  revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  role: z.string(),
});

/** The caller a bearer token stands for; null when unknown or revoked. */
export async function authenticate(db: Db, token: string): Promise<Caller | null> {
  if (token === "" || token.length > 200) return null;
  // Every request runs this: one statement (Prisma's include would add a second).
  const rows: unknown = await db.prisma.$queryRaw`
    SELECT t."id", t."userId", t."revokedAt", t."lastUsedAt", u."role"
    FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId"
    WHERE t."tokenHash" = ${hashToken(token)}`;
  const [row] = z.array(tokenRow).parse(rows);
  if (!row || row.revokedAt !== null) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return {
    userId: row.userId,
    role: row.role === "admin" ? "admin" : "user",
    tokenId: row.id,
  };
}

/** Whether a token still exists and is not revoked (open subscriptions re-check this). */
export async function isTokenActive(db: Db, tokenId: string): Promise<boolean> {
  const row = await db.prisma.apiToken.findUnique({
    where: { id: tokenId },
    select: { revokedAt: true },
  });
  return row !== null && row.revokedAt === null;
}

/** Revokes a token of `userId` (or of anyone when `userId` is null: admins). */
export async function revokeToken(
  db: Db,
  tokenId: string,
  userId: string | null,
): Promise<boolean> {
  const { count } = await db.prisma.apiToken.updateMany({
    where: { id: tokenId, revokedAt: null, ...(userId === null ? {} : { userId }) },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}

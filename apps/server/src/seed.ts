// The local demo account `pnpm start` prepares: one admin user (created once, reused on every
// start) and its start token. Tokens are stored hashed, so a token cannot be printed again from
// the database; `pnpm start` keeps it in its demo file (.data/demo.json, readable by its owner
// only) and passes it back here on the next start. While that token is still valid in this
// database (a persistent data directory, not revoked), it is kept, so a browser signed in
// with it stays signed in across restarts; otherwise a new one is issued and any older start
// tokens are revoked, keeping exactly one valid start token at a time.
import { authenticate, issueToken } from "@trellis/api";
import type { Db } from "@trellis/db";

export const DEMO_EMAIL = "demo@trellis.local";
const START_TOKEN_NAME = "pnpm start";

export interface DemoAccount {
  userId: string;
  email: string;
  token: string;
  created: boolean;
  /** Whether `token` is the previous start's (still valid) rather than a new one. */
  kept: boolean;
}

export async function seedDemoAccount(
  db: Db,
  previousToken: string | null = null,
): Promise<DemoAccount> {
  const existing = await db.prisma.user.findUnique({ where: { email: DEMO_EMAIL } });
  const user =
    existing ??
    (await db.prisma.user.create({
      data: {
        email: DEMO_EMAIL,
        firstName: "Demo",
        lastName: "User",
        role: "admin",
        coachState: { create: {} },
      },
    }));
  const account = { userId: user.id, email: user.email, created: existing === null };
  if (existing && previousToken && (await isStartToken(db, previousToken, user.id))) {
    return { ...account, token: previousToken, kept: true };
  }
  await db.prisma.apiToken.updateMany({
    where: { userId: user.id, name: START_TOKEN_NAME, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const issued = await issueToken(db, user.id, START_TOKEN_NAME);
  return { ...account, token: issued.token, kept: false };
}

/** Whether `token` is a valid start token of the demo user (not any token that happens to work). */
async function isStartToken(db: Db, token: string, userId: string): Promise<boolean> {
  const caller = await authenticate(db, token);
  if (caller?.userId !== userId) return false;
  const row = await db.prisma.apiToken.findUnique({
    where: { id: caller.tokenId },
    select: { name: true },
  });
  return row?.name === START_TOKEN_NAME;
}

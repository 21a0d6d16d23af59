// The local demo account `pnpm start` prepares: one admin user (created once, reused on every
// start) and a fresh API token per start. Tokens are stored hashed, so the previous one cannot
// be printed again; issuing a new one and revoking the older start tokens keeps exactly one
// valid start token at a time.
import { issueToken } from "@trellis/api";
import type { Db } from "@trellis/db";

export const DEMO_EMAIL = "demo@trellis.local";
const START_TOKEN_NAME = "pnpm start";

export interface DemoAccount {
  userId: string;
  email: string;
  token: string;
  created: boolean;
}

export async function seedDemoAccount(db: Db): Promise<DemoAccount> {
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
  await db.prisma.apiToken.updateMany({
    where: { userId: user.id, name: START_TOKEN_NAME, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const issued = await issueToken(db, user.id, START_TOKEN_NAME);
  return { userId: user.id, email: user.email, token: issued.token, created: existing === null };
}

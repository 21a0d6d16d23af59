import { randomUUID } from "node:crypto";
import type { Db } from "@trellis/db";

interface TestUserOptions {
  firstName?: string;
  lastName?: string;
  role?: "user" | "admin";
  /** The coach state's phase; the schema's default (`introduction`) when absent. */
  phase?: string;
  /** false: a user without a coach state (the state is created on first use). Default true. */
  coachState?: boolean;
}

/**
 * A user of one's own for a test, with a unique email so tests sharing a database never collide.
 * Returns the user's id; tests that need a token issue one with the API's `issueToken`.
 */
export async function createTestUser(db: Db, options: TestUserOptions = {}): Promise<string> {
  const {
    firstName = "Ada",
    lastName = "Tester",
    role = "user",
    phase,
    coachState = true,
  } = options;
  const user = await db.prisma.user.create({
    data: {
      email: `test-${randomUUID()}@example.test`,
      firstName,
      lastName,
      role,
      ...(coachState ? { coachState: { create: phase === undefined ? {} : { phase } } } : {}),
    },
    select: { id: true },
  });
  return user.id;
}

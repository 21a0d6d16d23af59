// The composition root (src/runtime.ts): a start that fails halfway stops what it had already
// started before the error reaches the caller, so nothing is left holding the database.
import { createTestDb, type TestDb, testDatabaseKind } from "@trellis/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRuntime } from "../src/runtime.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());

/** Connections to this test database whose last statement was the event bus's LISTEN. */
async function listeners(): Promise<number> {
  const rows = await db.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND query ILIKE 'LISTEN %'`;
  return rows[0]?.n ?? 0;
}

// Only PostgreSQL has something to leak here: its event bus holds a LISTEN connection (on
// PGlite the bus is in-process).
it.runIf(testDatabaseKind() === "postgres")(
  "a start that fails after the event bus started closes the bus before failing",
  async () => {
    const running = await createRuntime({ db, seedPrompts: false });
    expect(await listeners()).toBe(1);
    await running.close();
    await expect.poll(listeners, { timeout: 60_000 }).toBe(0);

    // Seeding the prompts comes after the bus: without their table it fails.
    await db.prisma.$executeRawUnsafe(`DROP TABLE "Prompt"`);
    await expect(createRuntime({ db })).rejects.toThrow();
    await expect.poll(listeners, { timeout: 60_000 }).toBe(0);
  },
);

import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MigrationError, migrationsDir } from "../src/index.ts";
import {
  copyPrismaDir,
  createTestDb,
  LATE,
  type TempPrismaDir,
  type TestDb,
  testDatabaseKind,
} from "./helpers.ts";

interface MigrationRow {
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

function migrationRows(db: TestDb): Promise<MigrationRow[]> {
  return db.prisma.$queryRawUnsafe<MigrationRow[]>(
    'SELECT migration_name, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY migration_name',
  );
}

async function tableExists(db: TestDb, table: string): Promise<boolean> {
  const rows = await db.prisma.$queryRawUnsafe<{ exists: boolean }[]>(
    "SELECT to_regclass($1) IS NOT NULL AS exists",
    `public."${table}"`,
  );
  return rows[0]?.exists === true;
}

describe("migrate() on an empty database", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ migrated: false });
  });
  afterAll(() => db.dispose());

  it("applies every migration once, then nothing", async () => {
    const onDisk = (await readdir(migrationsDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(onDisk.length).toBeGreaterThan(0);

    expect(await db.migrate()).toEqual(onDisk);
    expect(await db.migrate()).toEqual([]);

    const rows = await migrationRows(db);
    expect(rows.map((row) => row.migration_name)).toEqual(onDisk);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
    expect(await tableExists(db, "CoachState")).toBe(true);
  });

  // The engine takes `pg_advisory_lock` and never unlocks: it relies on its connection closing.
  // (On PGlite, the one session keeps holding it; harmless, as the lock is re-entrant.)
  it.runIf(testDatabaseKind() === "postgres")("releases the migration lock", async () => {
    // Warm up several pooled connections: the lock once stayed held by one of them, and the
    // next migrate() (e.g. another server instance starting) waited for it.
    await Promise.all([1, 2, 3].map(() => db.prisma.$executeRawUnsafe("SELECT pg_sleep(0.02)")));
    await db.migrate();
    // The server releases it when the migration's backend exits, just after our disconnect.
    // Generous: a busy machine may take seconds to reap the backend; only "never" must fail.
    await expect.poll(() => advisoryLocks(db), { timeout: 60_000, interval: 50 }).toBe(0);
  });
});

async function advisoryLocks(db: TestDb): Promise<number | undefined> {
  const rows = await db.prisma.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM pg_locks
      WHERE locktype = 'advisory'
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows[0]?.count;
}

describe("migrate() on a test database", () => {
  let db: TestDb;
  let prisma: TempPrismaDir;
  beforeAll(async () => {
    [db, prisma] = await Promise.all([createTestDb(), copyPrismaDir()]);
  });
  afterAll(async () => {
    await Promise.all([db.dispose(), prisma.remove()]);
  });

  it("finds it already migrated", async () => {
    expect(await db.migrate()).toEqual([]);
  });

  // The same assertions hold on PGlite and on PostgreSQL (TRELLIS_TEST_DATABASE=postgres).
  it("reports a failing migration as failed, rolls it back and refuses to continue", async () => {
    const name = `${LATE}_broken`;
    await prisma.addMigration(
      name,
      'CREATE TABLE "Broken" ("id" INTEGER);\nSELECT 1 / 0;\nCREATE TABLE "NeverReached" ("id" INTEGER);\n',
    );

    const failure = db.migrate({ migrationsDir: prisma.migrationsDir });
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(`migration ${name} failed`);
    await expect(failure).rejects.toThrow("division by zero");

    const row = (await migrationRows(db)).find((r) => r.migration_name === name);
    expect(row).toBeDefined();
    expect(row?.finished_at).toBeNull();
    expect(row?.logs).toContain("division by zero");
    // The script ran as one transaction: its first statement was undone too.
    expect(await tableExists(db, "Broken")).toBe(false);

    // Like `prisma migrate deploy`: nothing more is applied until someone resolves it.
    await expect(db.migrate({ migrationsDir: prisma.migrationsDir })).rejects.toThrow(
      /failed migrations/i,
    );
  });
});

// vitest globalSetup: prepares ONE migrated database per test run (per project), which every
// test file then copies cheaply (see createTestDb in index.ts).
// - pglite (default): a gzipped dump of a migrated in-memory PGlite in a temp folder. Loading it
//   takes ~0.5 s where creating and migrating a new PGlite takes 4-5 s.
// - postgres: a uniquely named template database on the server at TRELLIS_TEST_PG_URL.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db } from "@trellis/db";
import { fromPglite, PgBoss } from "pg-boss";
import type { TestProject } from "vitest/node";
import { type TestDatabaseContext, testDatabaseKind } from "./context.ts";
import {
  createDatabase,
  dropDatabasesWithPrefix,
  uniqueSuffix,
  urlForDatabase,
} from "./postgres-admin.ts";

type Teardown = () => Promise<void>;

/**
 * pg-boss (the note-taker queue) creates its `pgboss` schema on its first start, which takes
 * seconds on PGlite; done once here, every test database starts with it, as a running
 * server's database does.
 */
async function installQueueSchema(db: Db): Promise<void> {
  const boss = new PgBoss({
    ...(db.kind === "pglite"
      ? { db: fromPglite(db.pglite), backend: "pglite" as const }
      : { connectionString: db.url, max: 1 }),
    supervise: false,
    schedule: false,
  });
  await boss.start();
  await boss.stop({ graceful: false });
}

async function preparePglite(): Promise<{ context: TestDatabaseContext; teardown: Teardown }> {
  const dir = await mkdtemp(join(tmpdir(), "trellis-test-db-"));
  const db = await createDb({ kind: "pglite", dataDir: "memory" });
  try {
    const emptySnapshot = join(dir, "empty.tgz");
    await writeFile(emptySnapshot, (await db.pglite.dumpDataDir("gzip")).stream());
    await db.migrate();
    await installQueueSchema(db);
    const migratedSnapshot = join(dir, "migrated.tgz");
    await writeFile(migratedSnapshot, (await db.pglite.dumpDataDir("gzip")).stream());
    return {
      context: { kind: "pglite", migratedSnapshot, emptySnapshot },
      teardown: () => rm(dir, { recursive: true, force: true }),
    };
  } finally {
    await db.close();
  }
}

async function preparePostgres(): Promise<{ context: TestDatabaseContext; teardown: Teardown }> {
  const adminUrl = process.env.TRELLIS_TEST_PG_URL?.trim();
  if (!adminUrl) {
    throw new Error(
      "TRELLIS_TEST_DATABASE=postgres needs TRELLIS_TEST_PG_URL: the URL of a PostgreSQL role " +
        "that may CREATE DATABASE, e.g. postgres://postgres@127.0.0.1:5432/postgres",
    );
  }
  const prefix = `trellis_test_${uniqueSuffix()}`;
  const template = `${prefix}_template`;
  const teardown = () => dropDatabasesWithPrefix(adminUrl, prefix);
  try {
    await createDatabase(adminUrl, template);
    const db = await createDb({ kind: "postgres", url: urlForDatabase(adminUrl, template) });
    try {
      await db.migrate();
      await installQueueSchema(db);
    } finally {
      // A template must have no open connections when it is copied.
      await db.close();
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  return { context: { kind: "postgres", adminUrl, template, prefix }, teardown };
}

export default async function setup(project: TestProject): Promise<Teardown> {
  const { context, teardown } =
    testDatabaseKind() === "postgres" ? await preparePostgres() : await preparePglite();
  project.provide("trellisTestDatabase", context);
  return teardown;
}

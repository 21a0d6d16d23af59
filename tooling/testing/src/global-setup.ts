// vitest globalSetup: prepares ONE migrated database per test run (per project), which every
// test file then copies cheaply (see createTestDb in index.ts).
// - pglite (default): a gzipped dump of a migrated in-memory PGlite, cached per schema (see
//   preparePglite). Loading it takes ~0.5 s where creating and migrating one takes 4-5 s.
// - postgres: a uniquely named template database on the server at TRELLIS_TEST_PG_URL.

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { link, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, type Db, migrationsDir, repoRoot } from "@trellis/db";
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

/**
 * The migrated PGlite snapshots, made once per machine and schema: every package's test run
 * (and every later `pnpm test`) loads the same files instead of creating, migrating and dumping
 * a database of its own (~10 s each on a busy 2-core machine). Keyed by what they are made of:
 * the migrations, the code that applies them and the installed versions (the lockfile).
 */
async function preparePglite(): Promise<{ context: TestDatabaseContext; teardown: Teardown }> {
  const dir = join(snapshotCacheDir, await snapshotKey());
  const context: TestDatabaseContext = {
    kind: "pglite",
    migratedSnapshot: join(dir, "migrated.tgz"),
    emptySnapshot: join(dir, "empty.tgz"),
  };
  if (!existsSync(context.migratedSnapshot)) await writeSnapshots(dir, context);
  return { context, teardown: async () => {} };
}

async function writeSnapshots(
  dir: string,
  context: Extract<TestDatabaseContext, { kind: "pglite" }>,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  // Written under unique names, then published: packages set up in parallel, and a reader must
  // never load a half-written file. The migrated snapshot is published last: its presence
  // means both are complete.
  const part = `.${process.pid}-${uniqueSuffix()}`;
  const db = await createDb({ kind: "pglite", dataDir: "memory" });
  try {
    await writeFile(
      `${context.emptySnapshot}${part}`,
      (await db.pglite.dumpDataDir("gzip")).stream(),
    );
    await db.migrate();
    await installQueueSchema(db);
    await writeFile(
      `${context.migratedSnapshot}${part}`,
      (await db.pglite.dumpDataDir("gzip")).stream(),
    );
  } finally {
    await db.close();
  }
  await publish(`${context.emptySnapshot}${part}`, context.emptySnapshot);
  await publish(`${context.migratedSnapshot}${part}`, context.migratedSnapshot);
}

/**
 * Gives a written file its final name unless another package's setup got there first. Never
 * over an existing file: a test elsewhere may be reading it, and Node refuses to read a blob
 * (`openAsBlob`) whose file changed under it (NotReadableError).
 */
async function publish(written: string, name: string): Promise<void> {
  try {
    await link(written, name);
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
  } finally {
    await rm(written, { force: true });
  }
}

const snapshotCacheDir = join(repoRoot, "node_modules", ".cache", "trellis-test-db");

async function snapshotKey(): Promise<string> {
  const hash = createHash("sha256");
  const inputs = [
    ...(await filesUnder(migrationsDir)),
    ...(await filesUnder(join(repoRoot, "packages/db/src/migrations"))),
    fileURLToPath(import.meta.url),
    // The versions of PGlite and pg-boss (its queue schema is in the snapshot).
    join(repoRoot, "pnpm-lock.yaml"),
  ];
  for (const file of inputs.sort())
    hash.update(relative(repoRoot, file)).update(await readFile(file));
  return hash.digest("hex").slice(0, 16);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
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

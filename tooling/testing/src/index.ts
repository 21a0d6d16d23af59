// Test databases for every package's tests. In a test file:
//
//   let db: TestDb;
//   beforeAll(async () => { db = await createTestDb(); });
//   afterAll(() => db.dispose());
//
// Each call returns its own isolated database, copied from the migrated one the global setup
// prepared: TRELLIS_TEST_DATABASE=pglite (default) or postgres (with TRELLIS_TEST_PG_URL).

import { openAsBlob } from "node:fs";
import { createDb, type Db } from "@trellis/db";
import { inject } from "vitest";
import type { TestDatabaseContext } from "./context.ts";
import { createDatabase, dropDatabase, uniqueSuffix, urlForDatabase } from "./postgres-admin.ts";

export { definePackageTestConfig } from "./config.ts";
export { testDatabaseKind } from "./context.ts";
export { createTestUser } from "./users.ts";

/** A database of its own for one test file. `dispose()` closes it and deletes it. */
export type TestDb = Db & { dispose(): Promise<void> };

export interface TestDbOptions {
  /** false: a database without the migrations (to test migrating itself). Default true. */
  migrated?: boolean;
}

function providedContext(): TestDatabaseContext {
  const context = inject("trellisTestDatabase");
  if (context === undefined) {
    throw new Error(
      "@trellis/testing: no test database was prepared. Use " +
        "definePackageTestConfig(name, { database: true }) in this package's vitest.config.ts.",
    );
  }
  return context;
}

export async function createTestDb(options: TestDbOptions = {}): Promise<TestDb> {
  const migrated = options.migrated ?? true;
  const context = providedContext();
  if (context.kind === "pglite") {
    const snapshot = migrated ? context.migratedSnapshot : context.emptySnapshot;
    const db = await createDb({
      kind: "pglite",
      dataDir: "memory",
      loadDataDir: await openAsBlob(snapshot),
    });
    return Object.assign(db, { dispose: db.close });
  }
  const name = `${context.prefix}_${uniqueSuffix()}`;
  await createDatabase(context.adminUrl, name, migrated ? context.template : undefined);
  const db = await createDb({ kind: "postgres", url: urlForDatabase(context.adminUrl, name) });
  return Object.assign(db, {
    dispose: async () => {
      await db.close();
      await dropDatabase(context.adminUrl, name);
    },
  });
}

// Helpers for this package's tests. @trellis/testing is imported by relative path: it depends on
// @trellis/db, so @trellis/db cannot depend on it (see vitest.config.ts).

import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrationsDir, schemaPath } from "../src/index.ts";

export { createTestDb, type TestDb, testDatabaseKind } from "../../../tooling/testing/src/index.ts";

export interface TempPrismaDir {
  dir: string;
  schemaPath: string;
  migrationsDir: string;
  /** Adds `<migrationsDir>/<name>/migration.sql`. */
  addMigration(name: string, sql: string): Promise<void>;
  remove(): Promise<void>;
}

/** A scratch copy of prisma/ (schema and migrations) that a test may change freely. */
export async function copyPrismaDir(): Promise<TempPrismaDir> {
  const dir = await mkdtemp(join(tmpdir(), "trellis-prisma-"));
  const copy = {
    dir,
    schemaPath: join(dir, "schema.prisma"),
    migrationsDir: join(dir, "migrations"),
  };
  await cp(schemaPath, copy.schemaPath);
  await cp(migrationsDir, copy.migrationsDir, { recursive: true });
  return {
    ...copy,
    addMigration: async (name, sql) => {
      await mkdir(join(copy.migrationsDir, name));
      await writeFile(join(copy.migrationsDir, name, "migration.sql"), sql);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Names that sort after any real migration, so they are applied last. */
export const LATE = "99990101000000";

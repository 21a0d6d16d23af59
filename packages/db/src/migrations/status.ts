// Which of the repository's migrations the database has not applied: what `/ready` checks, so
// a server on a database that an operator forgot to migrate says so instead of failing
// queries one by one.
import type { Db } from "../create-db.ts";
import { migrationsDir as defaultMigrationsDir } from "../paths.ts";
import { readMigrationList } from "./files.ts";

/** Names of the migrations in `dir` not (successfully) applied to `db`, oldest first. */
export async function pendingMigrations(
  db: Pick<Db, "prisma">,
  dir: string = defaultMigrationsDir,
): Promise<string[]> {
  const list = await readMigrationList(dir);
  // Prisma's own bookkeeping table; absent on a database that was never migrated.
  const exists = await db.prisma.$queryRaw<{ found: boolean }[]>`
    SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS found`;
  const applied = new Set<string>();
  if (exists[0]?.found) {
    const rows = await db.prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    for (const row of rows) applied.add(row.migration_name);
  }
  return list.migrationDirectories.map((d) => d.path).filter((name) => !applied.has(name));
}

// Applies pending migrations with the schema engine, the way `prisma migrate deploy` does:
// it records each one in `_prisma_migrations`, skips those already applied, and refuses to run
// while an earlier migration is recorded as failed (fix it, then resolve that row by hand).

import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { NO_FILTERS, withSchemaEngine } from "./engine.ts";
import { describeEngineError, MigrationError } from "./errors.ts";
import { readMigrationList } from "./files.ts";

/** Applies the migrations in `migrationsDir` that the database lacks; returns their names. */
export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  migrationsDir: string,
): Promise<string[]> {
  const migrationsList = await readMigrationList(migrationsDir);
  return withSchemaEngine(factory, async (engine) => {
    try {
      const output = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
      return output.appliedMigrationNames;
    } catch (error) {
      throw new MigrationError(describeEngineError(error), { cause: error });
    }
  });
}

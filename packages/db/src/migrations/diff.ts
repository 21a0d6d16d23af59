// What `prisma migrate dev --create-only` does, offline: replay the migration history into a
// throwaway database (the "shadow"), then let the engine diff that database against the schema.
// Diffing from the migrations directly ({ tag: "migrations" }) would need the engine to open a
// shadow database itself, and diffing from { tag: "empty" } adds a spurious CREATE SCHEMA.

import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pgliteAdapterFactory } from "../adapters.ts";
import { NO_FILTERS, withSchemaEngine } from "./engine.ts";
import { describeEngineError, MigrationError } from "./errors.ts";
import { readMigrationList } from "./files.ts";

export interface DiffInput {
  /** The Prisma schema file (it must declare the postgresql datasource). */
  schemaPath: string;
  migrationsDir: string;
  /**
   * Opens the empty throwaway database to replay into (closed afterwards). Default: a new
   * in-memory PGlite, which takes 3-5 s to start; tests pass a snapshot loader (~0.5 s).
   */
  openShadow?: () => Promise<PGlite>;
}

/** True when a migration script contains nothing but comments and whitespace. */
function isEmptyMigration(sql: string): boolean {
  return sql.replace(/--[^\n]*/g, "").trim() === "";
}

/**
 * The SQL that would bring a database migrated with `migrationsDir` to `schemaPath`;
 * an empty string when they agree.
 */
export async function diffSchemaAgainstMigrations(input: DiffInput): Promise<string> {
  const content = await readFile(input.schemaPath, "utf8");
  const files = [{ path: input.schemaPath, content }];
  const migrationsList = await readMigrationList(input.migrationsDir);
  const shadow = await (input.openShadow ?? (() => PGlite.create()))();
  try {
    return await withSchemaEngine(pgliteAdapterFactory(shadow), async (engine) => {
      try {
        await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
      } catch (error) {
        throw new MigrationError(
          `the migration history does not apply cleanly: ${describeEngineError(error)}`,
          { cause: error },
        );
      }
      const result = await engine.diff({
        from: { tag: "schemaDatasource", files, configDir: dirname(input.schemaPath) },
        to: { tag: "schemaDatamodel", files },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      });
      const sql = result.stdout ?? "";
      return isEmptyMigration(sql) ? "" : sql;
    });
  } finally {
    await shadow.close();
  }
}

// The logic behind `db:migrate:new` and `db:check`, as functions the tests can call on a
// temporary copy of the schema and migrations.

import { type DiffInput, diffSchemaAgainstMigrations } from "./diff.ts";
import { writeMigration } from "./files.ts";

export interface CreatedMigration {
  /** The new folder's name, e.g. `20261122093015_add_notes`. */
  name: string;
  sql: string;
}

/**
 * Writes a migration from the migration history to the schema, or returns null (and writes
 * nothing) when the schema has no changes.
 */
export async function createMigration(
  input: DiffInput & { name: string; now?: Date },
): Promise<CreatedMigration | null> {
  const sql = await diffSchemaAgainstMigrations(input);
  if (sql === "") return null;
  const name = await writeMigration(input.migrationsDir, input.name, sql, input.now);
  return { name, sql };
}

export type SchemaCheck = { ok: true } | { ok: false; missingSql: string; message: string };

/** Whether the migrations produce exactly the schema; if not, what a new migration would hold. */
export async function checkSchemaMatchesMigrations(input: DiffInput): Promise<SchemaCheck> {
  const sql = await diffSchemaAgainstMigrations(input);
  if (sql === "") return { ok: true };
  return {
    ok: false,
    missingSql: sql,
    message:
      `${input.schemaPath} differs from the migration history in ${input.migrationsDir}.\n` +
      "Create a migration for the change with: pnpm db:migrate:new <name>\n\n" +
      `The missing migration would be:\n${sql}`,
  };
}

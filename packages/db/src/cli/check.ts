// pnpm db:check (CI) — fails when prisma/schema.prisma and prisma/migrations disagree, i.e.
// someone changed the schema without `pnpm db:migrate:new`, or edited a migration by hand.

import { checkSchemaMatchesMigrations } from "../migrations/commands.ts";
import { migrationsDir, schemaPath } from "../paths.ts";
import { runCli } from "./run.ts";

runCli(async () => {
  const result = await checkSchemaMatchesMigrations({ schemaPath, migrationsDir });
  if (result.ok) {
    console.log("db:check: prisma/schema.prisma matches the migration history");
    return 0;
  }
  process.stderr.write(`db:check FAILED: ${result.message}\n`);
  return 1;
});

// pnpm db:migrate:new <name> — writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the changes in prisma/schema.prisma that the migration history lacks.

import { relative } from "node:path";
import { createMigration } from "../migrations/commands.ts";
import { migrationsDir, repoRoot, schemaPath } from "../paths.ts";
import { runCli } from "./run.ts";

runCli(async () => {
  const name = process.argv.slice(2).join(" ").trim();
  if (name === "") {
    process.stderr.write("usage: pnpm db:migrate:new <name>\n");
    return 2;
  }
  const created = await createMigration({ schemaPath, migrationsDir, name });
  if (created === null) {
    console.log("no changes: prisma/schema.prisma matches the migrations");
    return 0;
  }
  console.log(`created ${relative(repoRoot, migrationsDir)}/${created.name}/migration.sql`);
  console.log("apply it with: pnpm db:migrate");
  return 0;
});

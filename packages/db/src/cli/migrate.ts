// pnpm db:migrate — applies pending migrations to the configured database
// (DATABASE_URL, else the PGlite folder TRELLIS_DATA_DIR, else <repo root>/.data/pglite).

import { dbConfigFromEnv } from "../config.ts";
import { createDb } from "../create-db.ts";
import { runCli } from "./run.ts";

runCli(async () => {
  const config = dbConfigFromEnv();
  const db = await createDb(config);
  try {
    const applied = await db.migrate();
    const where = config.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : config.dataDir;
    if (applied.length === 0) console.log(`${where}: already up to date`);
    for (const name of applied) console.log(`${where}: applied ${name}`);
  } finally {
    await db.close();
  }
  return 0;
});

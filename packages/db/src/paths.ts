// Where the one schema and its migrations live: <repo root>/prisma (see ARCHITECTURE.md).
// Resolved from this file so every caller (CLIs, server, tests in any package) agrees.

import { fileURLToPath } from "node:url";

export const repoRoot: string = fileURLToPath(new URL("../../../", import.meta.url));
export const schemaPath: string = fileURLToPath(
  new URL("../../../prisma/schema.prisma", import.meta.url),
);
export const migrationsDir: string = fileURLToPath(
  new URL("../../../prisma/migrations", import.meta.url),
);
/** The embedded database used when neither DATABASE_URL nor TRELLIS_DATA_DIR is set. */
export const defaultDataDir: string = fileURLToPath(
  new URL("../../../.data/pglite", import.meta.url),
);

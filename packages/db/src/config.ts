// Which database to open. The embedded PGlite is the default so `pnpm start` needs nothing
// installed; DATABASE_URL switches to a PostgreSQL server (production, several instances).

import { isAbsolute, resolve } from "node:path";
import { defaultDataDir } from "./paths.ts";

export interface PgliteDbConfig {
  kind: "pglite";
  /** A folder (created if needed), or "memory" for a database that lives in this process. */
  dataDir: string | "memory";
  /**
   * Initial contents for a NEW database: a `pglite.dumpDataDir()` tarball. Loading a
   * migrated snapshot takes ~0.5 s where creating an empty database takes 3-5 s.
   */
  loadDataDir?: Blob;
}

export interface PostgresDbConfig {
  kind: "postgres";
  /** postgres://user:password@host:port/database */
  url: string;
}

export type DbConfig = PgliteDbConfig | PostgresDbConfig;

/**
 * DATABASE_URL -> PostgreSQL; else PGlite in TRELLIS_DATA_DIR ("memory" allowed; a relative path
 * resolves from the directory the command was started in); else `<repo root>/.data/pglite`.
 */
export function dbConfigFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): DbConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: "postgres", url };
  const dir = env.TRELLIS_DATA_DIR?.trim();
  if (!dir) return { kind: "pglite", dataDir: defaultDataDir };
  if (dir === "memory" || isAbsolute(dir)) return { kind: "pglite", dataDir: dir };
  // pnpm runs package scripts inside the package; INIT_CWD is where the user typed the command.
  return { kind: "pglite", dataDir: resolve(env.INIT_CWD ?? process.cwd(), dir) };
}

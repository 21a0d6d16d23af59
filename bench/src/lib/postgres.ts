// A fresh PostgreSQL database per benchmark run, dropped afterwards. The server is the one the
// tests use: TRELLIS_BENCH_PG_URL, else TRELLIS_TEST_PG_URL, else the local default.
import pg from "pg";

const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

function adminUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.TRELLIS_BENCH_PG_URL?.trim() || env.TRELLIS_TEST_PG_URL?.trim() || DEFAULT_ADMIN_URL;
}

function urlForDatabase(admin: string, database: string): string {
  const url = new URL(admin);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function withAdmin<T>(admin: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Null when the server answers; else why not (the PostgreSQL parts are then skipped). */
export async function postgresUnavailable(admin: string = adminUrl()): Promise<string | null> {
  try {
    await withAdmin(admin, (client) => client.query("SELECT 1"));
    return null;
  } catch (error) {
    return `PostgreSQL at ${new URL(admin).host} unreachable (${error instanceof Error ? error.message : String(error)}); set TRELLIS_BENCH_PG_URL`;
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(
  label: string,
  admin: string = adminUrl(),
): Promise<BenchDatabase> {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const name = `trellis_bench_${label}_${suffix}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  await withAdmin(admin, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: urlForDatabase(admin, name),
    drop: () =>
      withAdmin(admin, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      ).then(() => undefined),
  };
}

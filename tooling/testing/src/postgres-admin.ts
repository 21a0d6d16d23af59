// Creating and dropping whole databases on a PostgreSQL server through an admin connection.

import pg from "pg";

/** Database names we generate: lowercase letters, digits and underscores only. */
function assertSafeDatabaseName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return name;
}

/** The admin URL pointed at another database on the same server. */
export function urlForDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function withAdminClient<T>(
  adminUrl: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<void> {
  const from = template === undefined ? "" : ` TEMPLATE "${assertSafeDatabaseName(template)}"`;
  await withAdminClient(adminUrl, (client) =>
    client.query(`CREATE DATABASE "${assertSafeDatabaseName(name)}"${from}`),
  );
}

/** Drops a database even if connections are still open (PostgreSQL 13+). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdminClient(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${assertSafeDatabaseName(name)}" WITH (FORCE)`),
  );
}

/** Drops every database whose name starts with `prefix` (a crashed test file's leftovers). */
export async function dropDatabasesWithPrefix(adminUrl: string, prefix: string): Promise<void> {
  const names = await withAdminClient(adminUrl, async (client) => {
    const result = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [assertSafeDatabaseName(prefix)],
    );
    return result.rows.map((row) => row.datname);
  });
  for (const name of names) await dropDatabase(adminUrl, name);
}

/** A short random suffix: databases of parallel runs and test files never collide. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

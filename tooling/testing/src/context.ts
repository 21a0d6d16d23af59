// What the global setup hands to every test file of a project (vitest provide/inject).
// Values cross a process boundary, so they must be plain serializable data.

export type TestDatabaseContext =
  | {
      kind: "pglite";
      /** gzipped `dumpDataDir()` of a database with every migration applied. */
      migratedSnapshot: string;
      /** The same before any migration, for tests of the migrations themselves. */
      emptySnapshot: string;
    }
  | {
      kind: "postgres";
      /** A URL with the right to CREATE/DROP DATABASE (TRELLIS_TEST_PG_URL). */
      adminUrl: string;
      /** A migrated database to copy (`CREATE DATABASE … TEMPLATE`), unique to this run. */
      template: string;
      /** Prefix for this run's databases, so teardown can drop any a test left behind. */
      prefix: string;
    };

declare module "vitest" {
  export interface ProvidedContext {
    trellisTestDatabase: TestDatabaseContext;
  }
}

export type TestDatabaseKind = TestDatabaseContext["kind"];

/** TRELLIS_TEST_DATABASE: unset or "pglite" (default, nothing to install) | "postgres". */
export function testDatabaseKind(
  env: Readonly<Record<string, string | undefined>> = process.env,
): TestDatabaseKind {
  const value = env.TRELLIS_TEST_DATABASE?.trim() || "pglite";
  if (value === "pglite" || value === "postgres") return value;
  throw new Error(
    `TRELLIS_TEST_DATABASE must be "pglite" or "postgres", not ${JSON.stringify(value)}`,
  );
}

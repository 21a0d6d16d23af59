// The vitest project config every package uses, so test conventions live in one place.
//
// `pnpm test` runs two passes: PGlite, then PostgreSQL (TRELLIS_TEST_DATABASE). A test whose
// outcome can depend on the database kind runs in both. Any other runs once: without a
// database, in the PGlite pass (the first); with one whose kind is not its subject (a browser
// driving the UI, an npm-installed client), in the PostgreSQL pass, where a database costs least:
// a native server beside the test process instead of WASM inside it (a server test file takes
// about half the CPU time there). TRELLIS_TEST_ONCE_IN=postgres, set by test-all.ts when it runs
// both passes, says so; a run of one pass, or of one package by hand, runs every file.

import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineProject, type UserWorkspaceConfig } from "vitest/config";
import { type TestDatabaseKind, testDatabaseKind } from "./context.ts";

export interface PackageTestOptions {
  /** The tests use a database (createTestDb): one is prepared per run and pass. */
  database: boolean;
  /**
   * `both` (the default with a database: the outcome may depend on its kind) or `once` (the
   * default without one; with one, for tests whose subject does not depend on its kind, such as
   * a browser driving the UI).
   */
  passes?: "both" | "once";
  /** Files (globs) of a package that runs in both passes that run once (see `passes`). */
  onceOnly?: string[];
  /**
   * Files (globs) of a package with a database that use none: they run once, as the packages
   * without one do.
   */
  withoutDatabase?: string[];
  /** Files (globs) whose subject is PGlite itself (its data directory, its lock). */
  pgliteOnly?: string[];
  /**
   * Files (globs) that run in the PostgreSQL pass only: what PGlite cannot do at all (several
   * server processes on one database).
   */
  postgresOnly?: string[];
  /** More vitest global setups (relative to the package), where its tests run. */
  globalSetup?: string[];
}

const globalSetup = fileURLToPath(new URL("./global-setup.ts", import.meta.url));

/** TRELLIS_TEST_ONCE_IN: unset, or the database kind of the pass that runs the once-only tests. */
function testOncePass(
  env: Readonly<Record<string, string | undefined>>,
): TestDatabaseKind | undefined {
  const value = env.TRELLIS_TEST_ONCE_IN?.trim();
  if (!value) return undefined;
  if (value === "pglite" || value === "postgres") return value;
  throw new Error(
    `TRELLIS_TEST_ONCE_IN must be "pglite" or "postgres", not ${JSON.stringify(value)}`,
  );
}

/** Per test and per hook, for every package (see definePackageTestConfig). */
const TEST_TIMEOUT_MS = 300_000;
const ALL_FILES = ["test/**/*.test.ts"];

export function definePackageTestConfig(
  name: string,
  options: PackageTestOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): UserWorkspaceConfig {
  const kind = testDatabaseKind(env);
  const passes = options.passes ?? (options.database ? "both" : "once");
  // Set in pnpm test's two passes only: where what runs once runs (see the top of this file).
  const onceIn = testOncePass(env);
  const runsOnceHere = !onceIn || kind === (options.database ? onceIn : "pglite");
  const runsWithoutDatabaseHere = !onceIn || kind === "pglite";
  const runsHere = passes === "both" || runsOnceHere;
  return defineProject({
    test: {
      name,
      include: runsHere ? ALL_FILES : [],
      exclude: [
        ...configDefaults.exclude,
        ...(runsOnceHere ? [] : (options.onceOnly ?? [])),
        ...(runsWithoutDatabaseHere ? [] : (options.withoutDatabase ?? [])),
        ...(kind === "pglite" ? (options.postgresOnly ?? []) : (options.pgliteOnly ?? [])),
      ],
      // Nothing of this package in this pass: an empty run (test-all.ts passes --passWithNoTests).
      globalSetup: runsHere
        ? [...(options.database ? [globalSetup] : []), ...(options.globalSetup ?? [])]
        : [],
      // Child processes, so a crash stays contained. One worker per core: these machines have 2,
      // and vitest's default (cores - 1) would run the files one by one.
      pool: "forks",
      maxWorkers: Math.max(1, availableParallelism()),
      // A worker's files share the modules it imported instead of importing the whole stack
      // again for each file: the server's tests took a third of the CPU time on PostgreSQL
      // (50 s instead of 144 s) and 84 s instead of 116 s alone. Every file closes what it
      // opens (its databases, servers, timers); a worker held 1.1 GB at most on PGlite.
      isolate: false,
      // A timeout is there to catch a hang, not to judge speed: on a 2-core machine shared with
      // other work, database tests that take seconds alone took over 30 s (the old limit) and
      // failed at random. Generous limits; a hang still fails well within CI limits.
      testTimeout: TEST_TIMEOUT_MS,
      hookTimeout: TEST_TIMEOUT_MS,
    },
  });
}

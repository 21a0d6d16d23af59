// The vitest project config every package uses, so test conventions live in one place.
//
// `pnpm test` runs two passes: PGlite (TRELLIS_TEST_DATABASE unset or "pglite"), then
// PostgreSQL ("postgres"). Everything runs in the PGlite pass; only the tests whose outcome can
// depend on the database kind run again on PostgreSQL. A test that never touches a database,
// or whose subject does not depend on its kind (a browser driving the UI, an npm install), would
// only repeat itself there.

import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineProject, type UserWorkspaceConfig } from "vitest/config";
import { testDatabaseKind } from "./context.ts";

export interface PackageTestOptions {
  /** The tests use a database (createTestDb): one is prepared per run and pass. */
  database: boolean;
  /**
   * The passes that run the tests: `both` (the default with a database: the outcome may
   * depend on its kind) or `pglite` (the default without one; with one, for tests whose subject
   * does not depend on its kind, such as a browser driving the UI).
   */
  passes?: "both" | "pglite";
  /** Files (globs) of a package that runs in both passes that run in the PGlite pass only. */
  onceOnly?: string[];
  /**
   * Files (globs) that run in the PostgreSQL pass only: what PGlite cannot do at all (several
   * server processes on one database).
   */
  postgresOnly?: string[];
  /** More vitest global setups (relative to the package), where its tests run. */
  globalSetup?: string[];
}

const globalSetup = fileURLToPath(new URL("./global-setup.ts", import.meta.url));

/** Per test and per hook, for every package (see definePackageTestConfig). */
const TEST_TIMEOUT_MS = 300_000;
const ALL_FILES = ["test/**/*.test.ts"];

export function definePackageTestConfig(
  name: string,
  options: PackageTestOptions,
): UserWorkspaceConfig {
  const repeatPass = testDatabaseKind() !== "pglite";
  const passes = options.passes ?? (options.database ? "both" : "pglite");
  const runsHere = !repeatPass || passes === "both";
  return defineProject({
    test: {
      name,
      include: runsHere ? ALL_FILES : [],
      exclude: [
        ...configDefaults.exclude,
        ...(repeatPass ? (options.onceOnly ?? []) : (options.postgresOnly ?? [])),
      ],
      // Nothing to repeat on PostgreSQL: an empty run (test-all.ts passes --passWithNoTests).
      globalSetup: runsHere
        ? [...(options.database ? [globalSetup] : []), ...(options.globalSetup ?? [])]
        : [],
      // Child processes: each test file's embedded database (WASM, ~0.5 GB) is freed with its
      // process, and a crash stays contained. One worker per core: these machines have 2, and
      // vitest's default (cores - 1) would run the files one by one.
      pool: "forks",
      maxWorkers: Math.max(1, availableParallelism()),
      // A timeout is there to catch a hang, not to judge speed: on a 2-core machine shared with
      // other work, database tests that take seconds alone took over 30 s (the old limit) and
      // failed at random. Generous limits; a hang still fails well within CI limits.
      testTimeout: TEST_TIMEOUT_MS,
      hookTimeout: TEST_TIMEOUT_MS,
    },
  });
}

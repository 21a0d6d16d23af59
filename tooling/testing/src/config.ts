// The vitest project config every package uses, so test conventions live in one place.

import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

export interface PackageTestOptions {
  /** Prepare a migrated test database for the run (the package's tests call createTestDb()). */
  database: boolean;
}

const globalSetup = fileURLToPath(new URL("./global-setup.ts", import.meta.url));

/** Per test and per hook, for every package (see definePackageTestConfig). */
const TEST_TIMEOUT_MS = 300_000;

export function definePackageTestConfig(
  name: string,
  options: PackageTestOptions,
): UserWorkspaceConfig {
  return defineProject({
    test: {
      name,
      include: ["test/**/*.test.ts"],
      globalSetup: options.database ? [globalSetup] : [],
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

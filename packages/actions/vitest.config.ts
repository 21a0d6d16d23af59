import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "actions",
    include: ["test/**/*.test.ts"],
    // The property tests are CPU-bound (~1.5 s alone) and took 25 s under `pnpm test` on a
    // busy 2-core machine. A timeout catches hangs, not slowness: the same generous limit as
    // every package (TEST_TIMEOUT_MS in tooling/testing/src/config.ts).
    testTimeout: 300_000,
  },
});

import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "actions",
    include: ["test/**/*.test.ts"],
    // The property tests are CPU-bound (~1.5 s alone); under `pnpm test`, turbo runs every
    // package's tests at once on a 2-core machine and they took 25 s. Same limit as the others.
    testTimeout: 30_000,
  },
});

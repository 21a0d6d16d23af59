import { defineProject } from "vitest/config";

export default defineProject({
  // new-action type-checks a copy of the workspace; a timeout catches hangs, not slowness
  // (the same generous limit as every package: TEST_TIMEOUT_MS in tooling/testing/src/config.ts).
  test: { name: "scripts", include: ["test/**/*.test.ts"], testTimeout: 300_000 },
});

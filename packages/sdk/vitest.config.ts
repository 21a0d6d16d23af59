import { defineProject } from "vitest/config";

export default defineProject({
  // The declaration tests run tsc; a timeout catches hangs, not slowness (the same generous
  // limit as every package: TEST_TIMEOUT_MS in tooling/testing/src/config.ts).
  test: { name: "sdk", include: ["test/**/*.test.ts"], testTimeout: 300_000 },
});

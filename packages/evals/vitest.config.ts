import { definePackageTestConfig } from "@trellis/testing";

// The gate, the replays and the scores do not depend on the database kind: they run once.
// Stored runs (a table that refuses updates) run on both.
export default definePackageTestConfig("evals", {
  database: true,
  passes: "both",
  onceOnly: [
    "test/canonical.test.ts",
    "test/cli.test.ts",
    "test/gate.test.ts",
    "test/judge.test.ts",
    "test/replay.test.ts",
    "test/scores.test.ts",
  ],
});

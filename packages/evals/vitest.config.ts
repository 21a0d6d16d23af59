import { definePackageTestConfig } from "@trellis/testing";

// The gate, the replays and the scores do not depend on the database kind: they run once.
// Stored runs (a table that refuses updates) run on both.
export default definePackageTestConfig("evals", {
  database: true,
  onceOnly: ["test/gate.test.ts", "test/replay.test.ts"],
  // The CLI opens a database of its own (an in-memory PGlite), whatever the pass.
  withoutDatabase: [
    "test/canonical.test.ts",
    "test/cli.test.ts",
    "test/judge.test.ts",
    "test/scores.test.ts",
  ],
});

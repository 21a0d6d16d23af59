// Relative import, not "@trellis/testing": that package depends on @trellis/db, and declaring
// the reverse dependency would make the workspace graph cyclic (turbo refuses cycles).
import { definePackageTestConfig } from "../../tooling/testing/src/config.ts";

export default definePackageTestConfig("db", {
  database: true,
  // Its shadow database is always an in-memory PGlite, whatever the pass; the data directory lock is PGlite's alone.
  onceOnly: ["test/check.test.ts", "test/data-dir-lock.test.ts"],
});

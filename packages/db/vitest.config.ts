// Relative import, not "@trellis/testing": that package depends on @trellis/db, and declaring
// the reverse dependency would make the workspace graph cyclic (turbo refuses cycles).
import { definePackageTestConfig } from "../../tooling/testing/src/config.ts";

export default definePackageTestConfig("db", {
  database: true,
  // `db:check`'s shadow database is an in-memory PGlite made from the PGlite pass's empty
  // snapshot; the data directory and its lock are PGlite's alone.
  pgliteOnly: ["test/check.test.ts", "test/data-dir-lock.test.ts"],
});

import { definePackageTestConfig } from "@trellis/testing";

// The gate replays recorded model replies: its outcome does not depend on the database kind.
export default definePackageTestConfig("evals", { database: true, passes: "pglite" });

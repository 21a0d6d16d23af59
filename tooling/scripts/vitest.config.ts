import { definePackageTestConfig } from "@trellis/testing/config";

// No database: the tests run once, in the PGlite pass of `pnpm test`.
export default definePackageTestConfig("scripts", { database: false });

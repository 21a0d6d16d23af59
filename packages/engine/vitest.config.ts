import { definePackageTestConfig } from "@trellis/testing";

export default definePackageTestConfig("engine", {
  database: true,
  withoutDatabase: [
    "test/errors.test.ts",
    "test/preloaded.test.ts",
    "test/stored.test.ts",
    "test/truncate.test.ts",
  ],
});

import { definePackageTestConfig } from "@trellis/testing";

export default definePackageTestConfig("api", {
  database: true,
  withoutDatabase: [
    "test/error-middleware.test.ts",
    "test/errors.test.ts",
    "test/event-stream.test.ts",
    "test/live-turn.test.ts",
  ],
});

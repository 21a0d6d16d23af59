import { definePackageTestConfig } from "@trellis/testing";

export default definePackageTestConfig("ai", {
  database: true,
  withoutDatabase: [
    "test/invalid-output-policy.test.ts",
    "test/message-deltas.test.ts",
    "test/prompt-mentions.test.ts",
    "test/providers/*.test.ts",
    "test/scripted-coach-names.test.ts",
    "test/uuid7.test.ts",
  ],
});

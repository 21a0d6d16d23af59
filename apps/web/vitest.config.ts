import { definePackageTestConfig } from "@trellis/testing/config";
import { defineProject, mergeConfig } from "vitest/config";

// The browser tests drive the built app: one build per run (test/build-app.ts), served by the
// real server in each test file.
export default mergeConfig(
  definePackageTestConfig("web", { database: true }),
  defineProject({ test: { globalSetup: ["test/build-app.ts"] } }),
);

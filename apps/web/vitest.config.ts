import { definePackageTestConfig } from "@trellis/testing/config";
import { defineProject, mergeConfig } from "vitest/config";

// The browser tests drive the built app: one build per run (test/build-app.ts), served by the
// real server in each test file.
export default mergeConfig(
  definePackageTestConfig("web", { database: true }),
  defineProject({
    test: {
      globalSetup: ["test/build-app.ts"],
      // expect.poll waits for what the page will show: a hang guard, not a speed limit (1 s
      // by default, too short for a loaded 2-core machine).
      expect: { poll: { timeout: 60_000, interval: 50 } },
    },
  }),
);

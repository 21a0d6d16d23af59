import { definePackageTestConfig } from "@trellis/testing/config";
import { defineProject, mergeConfig } from "vitest/config";

// The browser tests drive the built app (one build per run: test/build-app.ts), served by the
// real server in each test file. They test the app, whose behaviour does not depend on the
// database kind (the server's tests run on both): they run once (in pnpm test, on PostgreSQL).
// The demo sign-in test starts `pnpm start` itself, on the embedded default.
export default mergeConfig(
  definePackageTestConfig("web", {
    database: true,
    passes: "once",
    globalSetup: ["test/build-app.ts"],
  }),
  defineProject({
    test: {
      // expect.poll waits for what the page will show: a hang guard, not a speed limit (1 s
      // by default, too short for a loaded 2-core machine).
      expect: { poll: { timeout: 60_000, interval: 50 } },
    },
  }),
);

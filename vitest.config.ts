import { defineConfig } from "vitest/config";

// One workspace config; each package is a vitest project with its own vitest.config.ts.
// `pnpm vitest` at the root runs every project; turbo runs them per package for caching.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tooling/*"],
  },
});

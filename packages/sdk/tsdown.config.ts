// The published package: dist/index.js (ESM, with its source map) and ONE declaration file,
// dist/index.d.ts, that names nothing but @trpc/client and @trpc/server (tsdown bundles the
// declarations with rolldown-plugin-dts). The workspace's types are inlined from their built
// declarations (`pnpm build` builds them first; the @trellis/declarations condition of
// tsconfig.build.json picks them); their zod/Prisma-typed parts never reach the bundle because
// the SDK takes those from the spelled-out wire types (src/wire-types.ts), and
// test/package.test.ts checks it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "tsdown";

/**
 * The declaration bundle's @trellis/actions: the package's built index, except its
 * `ActionType` type, which is computed from the catalog's zod definitions (and would pull them
 * in); the SDK's constants (src/action-type.ts) name the same union without them. An explicit
 * export wins over `export *`.
 */
const actionsIndex = fileURLToPath(new URL("../actions/dist/index.d.ts", import.meta.url));
const actionsIndexAsBuilt = actionsIndex.replace(/index\.d\.ts$/, "index.as-built.d.ts");
const sdkActionType = fileURLToPath(new URL("src/action-type.ts", import.meta.url));
const actionsForClients = `
export * from ${JSON.stringify(actionsIndexAsBuilt)};
export type { ActionType } from ${JSON.stringify(sdkActionType)};
`;

export default defineConfig({
  entry: ["src/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  tsconfig: "tsconfig.build.json",
  dts: true,
  // Declarations of unused workspace modules (whose imports reach zod, Prisma, pg) are dropped.
  treeshake: { moduleSideEffects: false },
  plugins: [
    {
      name: "trellis:actions-for-clients",
      resolveId: (id) => (id === actionsIndexAsBuilt ? id : null),
      load: {
        order: "pre",
        handler: (id) => {
          if (id === actionsIndex) return actionsForClients;
          if (id === actionsIndexAsBuilt) return readFileSync(actionsIndex, "utf8");
          return null;
        },
      },
    },
  ],
  deps: {
    // Only these may be imported by the output; everything of ours is bundled (types) or is
    // ./action-type.ts (code).
    onlyImport: ["@trpc/client", "@trpc/server", "superjson"],
    dts: {
      alwaysBundle: [/^@trellis\//],
      // Server-side packages the workspace declarations import: left unresolved, and dropped
      // with the unused declarations that import them.
      neverBundle: ["zod", /^zod\//, /^@prisma\//, "pg", "pg-boss", "openai", /^@electric-sql\//],
    },
  },
});

// The SDK as a front-end team gets it: `pnpm build` (the workspace's declarations, then tsdown),
// `pnpm pack`, and an npm install of the tarball into a project outside the monorepo, where it
// is type-checked with TypeScript 5.x and 7, imported in Node and bundled with Vite.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { npmInstall } from "@trellis/testing/npm-install";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPackage, sdkDir, workspaceDir } from "./build-package.ts";

/** The oldest TypeScript the SDK supports (tRPC 11 needs 5.7.2) and the latest 5.x. */
const TS_OLDEST = "5.7.3";
const TS_LATEST_5 = "5.9.3";
const VITE = "8.4.0";
/** npm's cache outlives the temporary projects, so only the first run downloads. */
const npmCache = path.join(tmpdir(), "trellis-sdk-npm-cache");
const MINUTES = 60_000;

function run(command: string, args: readonly string[], cwd: string, env = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the SDK package", () => {
  beforeAll(() => buildPackage(), 10 * MINUTES);

  describe("the package's declarations", () => {
    it("are one file that names only @trpc/client and @trpc/server", () => {
      expect(readdirSync(path.join(sdkDir, "dist")).sort()).toEqual([
        "index.d.ts",
        "index.js",
        "index.js.map",
      ]);
      const declarations = readFileSync(path.join(sdkDir, "dist/index.d.ts"), "utf8");
      const specifiers = new Set(
        [...declarations.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)].map(
          (match) => match[1],
        ),
      );
      expect([...specifiers].sort()).toEqual(["@trpc/client", "@trpc/server"]);
      // No zod, Prisma or server type (comments may mention zod or @trellis packages).
      expect(declarations).not.toMatch(/\bz\.[a-z]|Zod[A-Z]|Prisma|PGlite|openai/);
      // The catalog is there, spelled out: every action with its params.
      expect(declarations).toMatch(
        /type: "accept_i_am_statement";\s*params: \{\s*identityId: string;/,
      );
    });

    it("type-check a front-end file in the workspace without a single other package file", () => {
      const tsc = path.join(workspaceDir, "node_modules/typescript/bin/tsc");
      const check = run(
        process.execPath,
        [tsc, "--noEmit", "--pretty", "false", "-p", "tsconfig.consumer.json", "--listFiles"],
        sdkDir,
      );
      expect(check.output).not.toMatch(/error TS\d+/);
      expect(check.status).toBe(0);
      const ours = check.output
        .split("\n")
        .filter((file) => file.startsWith(workspaceDir) && !file.includes("/node_modules/"))
        .map((file) => path.relative(workspaceDir, file))
        .sort();
      expect(ours).toEqual(["packages/sdk/dist/index.d.ts", "packages/sdk/test/types.ts"]);
    });
  });

  describe("outside the workspace (npm install of the packed tarball)", () => {
    let packDir = "";
    let project = "";

    beforeAll(async () => {
      packDir = mkdtempSync(path.join(tmpdir(), "trellis-sdk-pack-"));
      const pack = run("pnpm", ["pack", "--pack-destination", packDir], sdkDir);
      if (pack.status !== 0) throw new Error(`pnpm pack failed:\n${pack.output}`);
      const [tarball] = readdirSync(packDir).filter((file) => file.endsWith(".tgz"));
      if (!tarball) throw new Error(`pnpm pack wrote no tarball:\n${pack.output}`);

      project = mkdtempSync(path.join(tmpdir(), "trellis-sdk-consumer-"));
      cpSync(path.join(sdkDir, "test/consumer"), project, { recursive: true });
      const typescript7 = JSON.parse(
        readFileSync(path.join(workspaceDir, "node_modules/typescript/package.json"), "utf8"),
      ).version;
      writeFileSync(
        path.join(project, "package.json"),
        JSON.stringify({
          name: "trellis-sdk-consumer",
          private: true,
          type: "module",
          dependencies: { "@trellis/sdk": `file:${path.join(packDir, tarball)}` },
          devDependencies: {
            typescript: typescript7,
            "typescript-oldest": `npm:typescript@${TS_OLDEST}`,
            "typescript-latest-5": `npm:typescript@${TS_LATEST_5}`,
            vite: VITE,
          },
        }),
      );
      mkdirSync(npmCache, { recursive: true });
      // Fails within a minute, naming the registry and the cause, when it cannot be reached.
      await npmInstall({ cwd: project, cache: npmCache });
    }, 10 * MINUTES);

    // The temporary project (~120 MB) goes; npm's cache stays for the next run.
    afterAll(() => {
      for (const dir of [project, packDir]) if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("installs with its peers only: no workspace package, no server dependency", () => {
      const installed = readdirSync(path.join(project, "node_modules"));
      expect(installed).toEqual(expect.arrayContaining(["@trellis", "@trpc", "superjson"]));
      expect(readdirSync(path.join(project, "node_modules/@trellis"))).toEqual(["sdk"]);
      for (const server of ["zod", "@prisma", "pg", "pg-boss", "openai", "@electric-sql"]) {
        expect(installed).not.toContain(server);
      }
    });

    // Each TypeScript with both module resolutions; skipLibCheck on and off across them (off
    // checks tRPC's own declarations too, which need the `esnext.disposable` lib).
    const checks = [
      { typescript: "typescript-oldest", resolution: "bundler", skipLibCheck: true },
      { typescript: "typescript-oldest", resolution: "nodenext", skipLibCheck: false },
      { typescript: "typescript-latest-5", resolution: "bundler", skipLibCheck: false },
      { typescript: "typescript-latest-5", resolution: "nodenext", skipLibCheck: true },
      { typescript: "typescript", resolution: "bundler", skipLibCheck: true },
      { typescript: "typescript", resolution: "bundler", skipLibCheck: false },
      { typescript: "typescript", resolution: "nodenext", skipLibCheck: true },
      { typescript: "typescript", resolution: "nodenext", skipLibCheck: false },
    ] as const;

    it.each(checks)(
      "type-checks a strict front-end file: $typescript, $resolution, skipLibCheck $skipLibCheck",
      ({ typescript, resolution, skipLibCheck }) => {
        const name = `tsconfig.${typescript}.${resolution}.${skipLibCheck}.json`;
        writeFileSync(
          path.join(project, name),
          JSON.stringify({
            compilerOptions: {
              strict: true,
              target: "es2022",
              module: resolution === "bundler" ? "esnext" : "nodenext",
              moduleResolution: resolution,
              lib: ["es2022", "dom", "esnext.disposable"],
              skipLibCheck,
              noEmit: true,
              types: [],
            },
            files: ["consumer.ts", "vite-entry.ts"],
          }),
        );
        const tsc = path.join(project, "node_modules", typescript, "bin/tsc");
        const check = run(
          process.execPath,
          [tsc, "-p", name, "--pretty", "false", "--extendedDiagnostics"],
          project,
        );
        const version = run(process.execPath, [tsc, "--version"], project).output.trim();
        const checkTime = /Check time:\s*([\d.]+s)/.exec(check.output)?.[1];
        console.log(`${version}, ${resolution}, skipLibCheck ${skipLibCheck}: check ${checkTime}`);
        expect(check.output).not.toMatch(/error TS\d+/);
        expect(check.status).toBe(0);
      },
      5 * MINUTES,
    );

    it("imports in Node, and names the EventSource option when a subscription has none", () => {
      const node = run(process.execPath, ["node-check.mjs"], project);
      expect(node.status, node.output).toBe(0);
      const result = JSON.parse(node.output.trim().split("\n").at(-1) ?? "{}");
      expect(result.createIdentity).toBe("create_identity");
      expect(result.message).toContain("createClient({ EventSource })");
    });

    it(
      "bundles with Vite within 3 KB (gzip) of @trpc/client + superjson alone",
      () => {
        const gzipSize = (entry: string): number => {
          const build = run(process.execPath, ["node_modules/vite/bin/vite.js", "build"], project, {
            ...process.env,
            ENTRY: entry,
          });
          if (build.status !== 0)
            throw new Error(`vite build of ${entry} failed:\n${build.output}`);
          const outDir = path.join(project, `dist-${entry.replace(/\.\w+$/, "")}`);
          const [bundle] = readdirSync(outDir).filter((file) => file.endsWith(".js"));
          if (!bundle) throw new Error(`vite wrote no bundle for ${entry}`);
          return gzipSync(readFileSync(path.join(outDir, bundle)), { level: 9 }).byteLength;
        };
        const sdk = gzipSize("vite-entry.ts");
        const floor = gzipSize("vite-floor.js");
        console.log(
          `Vite bundle: SDK ${sdk} B gzip, @trpc/client + superjson ${floor} B gzip, +${sdk - floor} B`,
        );
        expect(sdk - floor).toBeLessThan(3 * 1024);
      },
      5 * MINUTES,
    );
  });
});

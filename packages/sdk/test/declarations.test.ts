// What a front-end team type-checks against: the built declarations (`pnpm build`), not the
// server's sources. Builds them fresh (every workspace package the SDK reaches), then checks
// test/types.ts as a consumer project would (tsconfig.consumer.json).
import { spawnSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const sdkDir = path.resolve(import.meta.dirname, "..");
const tsc = path.join(
  path.dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
  "bin/tsc",
);

interface Manifest {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));

/** The SDK and every workspace package it depends on, dependencies first. */
function workspaceClosure(dir: string, seen = new Set<string>(), order: string[] = []): string[] {
  if (seen.has(dir)) return order;
  seen.add(dir);
  const { dependencies = {}, devDependencies = {} } = manifest(dir);
  for (const [name, version] of Object.entries({ ...dependencies, ...devDependencies })) {
    if (!version.startsWith("workspace:")) continue;
    workspaceClosure(realpathSync(path.join(dir, "node_modules", name)), seen, order);
  }
  order.push(dir);
  return order;
}

function runTsc(cwd: string, args: readonly string[]) {
  const run = spawnSync(process.execPath, [tsc, "--pretty", "false", ...args], {
    cwd,
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the SDK's built declarations", () => {
  const built: string[] = [];

  beforeAll(() => {
    for (const dir of workspaceClosure(sdkDir)) {
      if (!manifest(dir).scripts?.build) continue;
      // As `pnpm build` does: each package against its dependencies' fresh declarations.
      const run = runTsc(dir, [
        "-p",
        "tsconfig.build.json",
        "--customConditions",
        "@trellis/declarations",
      ]);
      if (run.status !== 0) throw new Error(`build of ${dir} failed:\n${run.output}`);
      built.push(path.basename(dir));
    }
  }, 300_000);

  it("are built for every package a consumer reaches", () => {
    expect(built.sort()).toEqual(["actions", "ai", "api", "db", "engine", "sdk"]);
  });

  it("type-check a front-end file, expected errors included, without a single source file", () => {
    const run = runTsc(sdkDir, ["--noEmit", "-p", "tsconfig.consumer.json", "--listFiles"]);
    expect(run.output).not.toMatch(/error TS\d+/);
    expect(run.status).toBe(0);
    const files = run.output.split("\n").filter((line) => line.startsWith("/"));
    const workspace = path.resolve(sdkDir, "..", "..");
    const ours = files.filter(
      (file) => file.startsWith(workspace) && !file.includes("/node_modules/"),
    );
    const sources = ours.filter((file) => !file.endsWith(".d.ts"));
    expect(sources.map((file) => path.relative(workspace, file))).toEqual([
      "packages/sdk/test/types.ts",
    ]);
    // The server's declarations are there (the router's types), its sources are not.
    expect(ours.some((file) => file.includes("/packages/api/dist/"))).toBe(true);
  });
});

// `pnpm build` for the SDK and what it reaches, fresh, as a test needs it: each workspace
// package's declarations (tsc, against its dependencies' fresh declarations), then the SDK's
// package (tsdown: dist/index.js and the one declaration file).
import { spawnSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const sdkDir = path.resolve(import.meta.dirname, "..");
export const workspaceDir = path.resolve(sdkDir, "..", "..");

const require = createRequire(import.meta.url);
const binOf = (name: string, bin: string) =>
  path.join(path.dirname(require.resolve(`${name}/package.json`)), bin);

interface Manifest {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));

/** The workspace packages `dir` depends on, transitively, dependencies first. */
function workspaceDependencies(dir: string, seen = new Set<string>()): string[] {
  const order: string[] = [];
  const { dependencies = {}, devDependencies = {} } = manifest(dir);
  for (const [name, version] of Object.entries({ ...dependencies, ...devDependencies })) {
    if (!version.startsWith("workspace:")) continue;
    const dependency = realpathSync(path.join(dir, "node_modules", name));
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    order.push(...workspaceDependencies(dependency, seen), dependency);
  }
  return order;
}

function run(cwd: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${args.join(" ")} in ${cwd} failed:\n${result.stdout}${result.stderr}`);
  }
}

/** Builds and returns the names of the packages whose declarations were built. */
export function buildPackage(): string[] {
  const tsc = binOf("typescript", "bin/tsc");
  const built: string[] = [];
  for (const dir of workspaceDependencies(sdkDir)) {
    if (!manifest(dir).scripts?.build) continue;
    run(dir, [tsc, "-p", "tsconfig.build.json", "--customConditions", "@trellis/declarations"]);
    built.push(path.basename(dir));
  }
  run(sdkDir, [binOf("tsdown", "dist/run.mjs"), "--logLevel", "error"]);
  return built;
}

// A throwaway copy of the workspace to generate synthetic actions into: sources are copied,
// node_modules entries are symlinks to the real ones, except @trellis/*, which point at the
// copy (so the copy type-checks its own generated catalog). Same technique as
// tooling/scripts/test/new-action.test.ts.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..", "..", "..");

export interface WorkspacePackage {
  name: string;
  /** Relative to the repository root, e.g. "packages/engine". */
  dir: string;
  /** The `tsc …` commands of its `typecheck` script, as argument lists. */
  typecheck: string[][];
  /** The `tsc …` commands of its `build` script (declarations for consumers), if any. */
  build: string[][];
  /** Its `build` script is tsdown: the published package (the SDK), built after its deps. */
  bundle: boolean;
}

interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(repoRoot, dir, "package.json"), "utf8"));
}

/**
 * Workspace packages that git tracks (work in progress that is not committed yet is left
 * out), excluding the bench package itself, dependencies before their dependents (builds read
 * their dependencies' declarations).
 */
export function workspacePackages(): WorkspacePackage[] {
  const tracked = new Set(
    execFileSync(
      "git",
      [
        "ls-files",
        "--",
        "apps/*/package.json",
        "packages/*/package.json",
        "tooling/*/package.json",
      ],
      {
        cwd: repoRoot,
        encoding: "utf8",
      },
    )
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => line.replace(/\/package\.json$/, "")),
  );
  const packages: (WorkspacePackage & { deps: string[] })[] = [];
  for (const group of ["packages", "apps", "tooling"]) {
    if (!existsSync(join(repoRoot, group))) continue;
    for (const entry of readdirSync(join(repoRoot, group)).sort()) {
      const dir = `${group}/${entry}`;
      if (!tracked.has(dir)) continue;
      const { name, scripts, dependencies, devDependencies } = manifest(dir);
      packages.push({
        name,
        dir,
        typecheck: tscCommands(scripts?.typecheck),
        build: tscCommands(scripts?.build),
        bundle: scripts?.build?.trim() === "tsdown",
        deps: Object.entries({ ...dependencies, ...devDependencies })
          .filter(([, version]) => version.startsWith("workspace:"))
          .map(([dependency]) => dependency),
      });
    }
  }
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const ordered: WorkspacePackage[] = [];
  const visited = new Set<string>();
  const visit = (pkg: WorkspacePackage & { deps: string[] }) => {
    if (visited.has(pkg.name)) return;
    visited.add(pkg.name);
    for (const dependency of pkg.deps) {
      const found = byName.get(dependency);
      if (found) visit(found);
    }
    const { deps: _, ...workspacePackage } = pkg;
    ordered.push(workspacePackage);
  };
  for (const pkg of packages) visit(pkg);
  return ordered;
}

function tscCommands(script: string | undefined): string[][] {
  return (script ?? "")
    .split("&&")
    .map((command) => command.trim().split(/\s+/))
    .filter((words) => words[0] === "tsc")
    .map((words) => words.slice(1));
}

const SKIP = /(^|\/)(node_modules|\.turbo|dist|coverage|\.data|\.bench-types)(\/|$)/;

/** Copies the packages and the shared tsconfig into a new temp folder; returns its path. */
export function copyWorkspace(packages: readonly WorkspacePackage[]): string {
  const root = mkdtempSync(join(tmpdir(), "trellis-bench-types-"));
  const all = new Map<string, string>();
  for (const group of ["packages", "apps", "tooling"]) {
    if (!existsSync(join(repoRoot, group))) continue;
    for (const entry of readdirSync(join(repoRoot, group))) {
      const dir = `${group}/${entry}`;
      if (existsSync(join(repoRoot, dir, "package.json"))) all.set(manifest(dir).name, dir);
    }
  }
  const copied = new Set(packages.map((pkg) => pkg.dir));
  copied.add("tooling/tsconfig");
  for (const dir of copied) {
    cpSync(join(repoRoot, dir), join(root, dir), {
      recursive: true,
      filter: (source) => !SKIP.test(source.slice(repoRoot.length)),
    });
  }
  for (const dir of copied) {
    const modules = join(repoRoot, dir, "node_modules");
    if (!existsSync(modules)) continue;
    mkdirSync(join(root, dir, "node_modules"), { recursive: true });
    for (const entry of readdirSync(modules)) {
      if (entry === "@trellis") continue;
      symlinkSync(realpathSync(join(modules, entry)), join(root, dir, "node_modules", entry));
    }
    if (!existsSync(join(modules, "@trellis"))) continue;
    mkdirSync(join(root, dir, "node_modules", "@trellis"), { recursive: true });
    for (const entry of readdirSync(join(modules, "@trellis"))) {
      const target = all.get(`@trellis/${entry}`);
      // A dependency that is not copied (not committed yet) resolves to the real one.
      const path =
        target && copied.has(target)
          ? join(root, target)
          : realpathSync(join(modules, "@trellis", entry));
      symlinkSync(path, join(root, dir, "node_modules", "@trellis", entry));
    }
  }
  return root;
}

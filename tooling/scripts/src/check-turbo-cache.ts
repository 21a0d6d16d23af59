// Proves turbo cannot replay a stale `test` or `typecheck` result: for every workspace package
// that others depend on, append a comment to one of its source files and check (with
// `turbo run --dry=json`, nothing executes) that every dependent's task hash changes.
// Internal packages export TypeScript source, so without the `transit` task in turbo.json a
// dependent's hash would ignore its dependencies' files (see TOOLCHAIN.md).
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..", "..");
const CHECKED_TASKS = ["test", "typecheck"];

interface Workspace {
  name: string;
  dir: string;
  scripts: Record<string, string>;
  deps: string[];
}

function readWorkspaces(): Workspace[] {
  const result: Workspace[] = [];
  for (const group of ["apps", "packages", "tooling"]) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir)) {
      const manifestPath = join(groupDir, entry, "package.json");
      if (!existsSync(manifestPath)) continue;
      const manifest: {
        name: string;
        scripts?: Record<string, string>;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      } = JSON.parse(readFileSync(manifestPath, "utf8"));
      const all = { ...manifest.dependencies, ...manifest.devDependencies };
      result.push({
        name: manifest.name,
        dir: join(groupDir, entry),
        scripts: manifest.scripts ?? {},
        deps: Object.entries(all)
          .filter(([, spec]) => spec.startsWith("workspace:"))
          .map(([name]) => name),
      });
    }
  }
  return result;
}

function taskHashes(): Map<string, string> {
  const out = execFileSync("turbo", ["run", ...CHECKED_TASKS, "--dry=json"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  const dry: { tasks: Array<{ taskId: string; hash: string }> } = JSON.parse(out);
  return new Map(dry.tasks.map((task) => [task.taskId, task.hash]));
}

function sourceEntry(dir: string): string | null {
  const file = join(dir, "src", "index.ts");
  return existsSync(file) ? file : null;
}

const workspaces = readWorkspaces();
const before = taskHashes();
const failures: string[] = [];
let checked = 0;

for (const dependency of workspaces) {
  const dependents = workspaces.filter((w) => w.deps.includes(dependency.name));
  const tasks = dependents.flatMap((w) =>
    CHECKED_TASKS.filter((task) => task in w.scripts).map((task) => `${w.name}#${task}`),
  );
  const file = sourceEntry(dependency.dir);
  if (tasks.length === 0 || file === null) continue;
  const original = readFileSync(file, "utf8");
  try {
    appendFileSync(file, "\n// stale-cache probe\n");
    const after = taskHashes();
    for (const task of tasks) {
      checked++;
      console.log(`  ${dependency.name} changed -> ${task}`);
      if (before.get(task) === after.get(task)) {
        failures.push(`${task} kept its hash after ${dependency.name} changed`);
      }
    }
  } finally {
    writeFileSync(file, original);
  }
}

if (checked === 0) {
  console.error("no dependent tasks found: the check proved nothing");
  process.exit(1);
}
if (failures.length > 0) {
  console.error(`stale cache possible:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`turbo cache keys: ${checked} dependent tasks all re-run when a dependency changes`);

// `pnpm test`: the checks (format, lint, generated files, types, schema, turbo cache keys), then
// every package's tests on PGlite and on PostgreSQL (through with-postgres.ts), each package
// writing vitest's JSON report and its file timings next to it; then where the time went
// (per step, per package, the slowest test files) and one short summary (per package and pass)
// ending in a line `N passed, M failed` that CI parses.
// Both passes always run once the checks pass, so the summary covers both; the exit code is
// non-zero when a check or a pass failed, a test failed, or a package left no report.
//
//   node tooling/scripts/src/test-all.ts             # checks, then pglite, then postgres
//   node tooling/scripts/src/test-all.ts postgres    # one pass, no checks
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  countsOf,
  type FileTiming,
  formatSlowestFiles,
  formatSummary,
  formatTimes,
  isFileTimings,
  isVitestJsonReport,
  type PackageReport,
  type StepTime,
} from "./test-summary.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const PASSES = ["pglite", "postgres"] as const;
type Pass = (typeof PASSES)[number];
/** Where each package's report goes, relative to the package (a turbo output of `test`). */
const reportPath = (pass: Pass) => join(".test-results", `${pass}.json`);
const timingsPath = (pass: Pass) => join(".test-results", `${pass}.timings.json`);
const timingReporter = createRequire(import.meta.url).resolve("@trellis/testing/timing-reporter");

/** What runs before the tests, in order; the first failure stops `pnpm test`. */
const CHECKS: readonly { step: string; command: string[] }[] = [
  { step: "prisma client", command: ["turbo", "run", "db:generate", "--output-logs=errors-only"] },
  { step: "format", command: ["pnpm", "run", "--silent", "format:check"] },
  { step: "lint", command: ["pnpm", "run", "--silent", "lint"] },
  { step: "generated files", command: ["pnpm", "run", "--silent", "generate:sync"] },
  { step: "typecheck", command: ["node", join(root, "tooling/scripts/src/typecheck.ts")] },
  { step: "db:check", command: ["pnpm", "run", "--silent", "db:check"] },
  { step: "cache:check", command: ["pnpm", "run", "--silent", "cache:check"] },
];

interface Workspace {
  name: string;
  dir: string;
}

/** Workspace packages with a `test` script, from pnpm itself (no second list to keep in sync). */
async function testedWorkspaces(): Promise<Workspace[]> {
  const listing: unknown = JSON.parse(
    await output("pnpm", ["-r", "ls", "--depth", "-1", "--json"]),
  );
  if (!Array.isArray(listing)) throw new Error("pnpm ls: expected a list of packages");
  const workspaces: Workspace[] = [];
  for (const entry of listing) {
    const name: unknown = Reflect.get(entry, "name");
    const dir: unknown = Reflect.get(entry, "path");
    if (typeof name !== "string" || typeof dir !== "string") continue;
    const manifest: { scripts?: Record<string, string> } = JSON.parse(
      readFileSync(join(dir, "package.json"), "utf8"),
    );
    if (manifest.scripts?.test && dir !== root) workspaces.push({ name, dir });
  }
  return workspaces;
}

/**
 * Tests that run once (no database, or one whose kind is not their subject) run in one of the
 * two passes, not in both (tooling/testing/src/config.ts); a run of one pass runs them all.
 */
function runPass(pass: Pass, onceIn: Pass | undefined): Promise<number> {
  const turbo = [
    "turbo",
    "run",
    "test",
    "--output-logs=errors-only",
    // Every package runs even after one fails, so the summary is complete.
    "--continue",
    // Two packages at a time, each running one test file per core: all of them at once put
    // ~18 processes (each with its own embedded database, ~0.5 GB) on two cores, and single
    // tests took ten times as long as alone. The total CPU work, hence the duration, is the same.
    "--concurrency=2",
    "--",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportPath(pass)}`,
    `--reporter=${timingReporter}`,
    // A package whose tests all run once, in the other pass, runs none in this one
    // (tooling/testing/src/config.ts).
    "--passWithNoTests",
  ];
  const [command, ...args] =
    pass === "postgres"
      ? ["node", join(root, "tooling/scripts/src/with-postgres.ts"), ...turbo]
      : turbo;
  console.log(`\n[test] ${pass}: ${[command, ...args].join(" ")}`);
  return run(command ?? "turbo", args, onceIn ? { TRELLIS_TEST_ONCE_IN: onceIn } : {});
}

function readReport(pass: Pass, workspace: Workspace): PackageReport {
  const file = join(workspace.dir, reportPath(pass));
  if (!existsSync(file)) return { pass, pkg: workspace.name, missing: "no report written" };
  const report: unknown = JSON.parse(readFileSync(file, "utf8"));
  return isVitestJsonReport(report)
    ? { pass, pkg: workspace.name, report }
    : { pass, pkg: workspace.name, missing: "unreadable report" };
}

function readTimings(pass: Pass, workspace: Workspace): FileTiming[] {
  const file = join(workspace.dir, timingsPath(pass));
  if (!existsSync(file)) return [];
  const timings: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!isFileTimings(timings)) return [];
  return timings.map((timing) => ({ ...timing, pass, pkg: workspace.name }));
}

/** Runs a command; resolves with its exit code and how long it took. */
async function timed(command: string, args: readonly string[]) {
  const started = performance.now();
  const code = await run(command, args);
  return { code, seconds: (performance.now() - started) / 1000 };
}

function run(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, ...env },
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", (error) => {
      console.error(`[test] cannot run ${command}: ${error.message}`);
      resolve(127);
    });
  });
}

function output(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(text) : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}

const requested = process.argv.slice(2);
if (requested.some((name) => !PASSES.some((pass) => pass === name))) {
  console.error(`usage: test-all [${PASSES.join("|")} ...]`);
  process.exit(2);
}
const passes = PASSES.filter((pass) => requested.length === 0 || requested.includes(pass));
const steps: StepTime[] = [];
const started = performance.now();

if (requested.length === 0) {
  for (const check of CHECKS) {
    const [command = "", ...args] = check.command;
    console.log(`\n[test] ${check.step}`);
    const { code, seconds } = await timed(command, args);
    steps.push({ step: check.step, seconds });
    if (code !== 0) {
      console.error(`\n[test] ${check.step} failed: the tests did not run.`);
      for (const line of formatTimes(steps)) console.log(line);
      process.exit(code);
    }
  }
}

const workspaces = await testedWorkspaces();
const entries: PackageReport[] = [];
const timings: FileTiming[] = [];
let exitCode = 0;
for (const pass of passes) {
  // A stale report from an earlier run must not stand in for a package that did not run.
  for (const workspace of workspaces) {
    rmSync(join(workspace.dir, reportPath(pass)), { force: true });
    rmSync(join(workspace.dir, timingsPath(pass)), { force: true });
  }
  const passStarted = performance.now();
  const code = await runPass(pass, passes.length > 1 ? "postgres" : undefined);
  steps.push({ step: `tests on ${pass}`, seconds: (performance.now() - passStarted) / 1000 });
  if (code !== 0) exitCode = code;
  for (const workspace of workspaces) {
    entries.push(readReport(pass, workspace));
    timings.push(...readTimings(pass, workspace));
  }
}
steps.push({ step: "total", seconds: (performance.now() - started) / 1000 });

console.log("");
for (const line of formatTimes(steps)) console.log(line);
for (const line of formatSlowestFiles(timings, 12)) console.log(line);
for (const line of formatSummary(entries)) console.log(line);
if (entries.some((entry) => countsOf(entry).failed > 0) && exitCode === 0) exitCode = 1;
process.exit(exitCode);

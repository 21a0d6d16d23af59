// pnpm typecheck: every package's type errors in one run, in a stable order.
// Plain `turbo run typecheck` stops at the first failing package and prints each package's
// output when it finishes, so the first error shown varies from run to run. Here turbo runs every
// package (--continue) without printing their logs and writes a run summary; the logs of the
// failed packages are then printed sorted by package, then the list of them.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

interface TaskSummary {
  taskId: string;
  logFile: string;
  execution?: { exitCode?: number | null };
}

const root = join(import.meta.dirname, "..", "..", "..");
const run = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "typecheck", "--continue", "--output-logs=none", "--summarize"],
  { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
);
const summaryFile = /Summary:\s+(\S+\.json)/.exec(run.stdout)?.[1];
if (summaryFile === undefined) {
  // No summary (turbo could not start): show what it said.
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  process.exit(run.status ?? 1);
}
const summary: { tasks: TaskSummary[] } = JSON.parse(readFileSync(summaryFile, "utf8"));
rmSync(summaryFile);

const failedIds = new Set(
  summary.tasks.filter((task) => (task.execution?.exitCode ?? 0) !== 0).map((task) => task.taskId),
);
// A package's declaration build (a dependency of its dependents' typecheck) fails with the same
// errors as its typecheck: show them once.
const failed = summary.tasks
  .filter((task) => failedIds.has(task.taskId))
  .filter(
    (task) =>
      !(
        task.taskId.endsWith("#build") &&
        failedIds.has(task.taskId.replace(/#build$/, "#typecheck"))
      ),
  )
  .sort((a, b) => (a.taskId < b.taskId ? -1 : 1));
for (const task of failed) {
  console.log(`\n── ${task.taskId}`);
  console.log(readFileSync(join(root, task.logFile), "utf8").trimEnd());
}
const ran = summary.tasks.length;
if (failed.length === 0 && run.status === 0) {
  console.log(`typecheck: ${ran} tasks passed`);
} else {
  process.stderr.write(failed.length === 0 ? run.stderr : "");
  console.error(
    `\ntypecheck failed in: ${failed.map((task) => task.taskId).join(", ") || "turbo"}`,
  );
  process.exitCode = 1;
}

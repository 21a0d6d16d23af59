// Turns the JSON reports vitest writes per package (`--reporter=json`) into a short summary:
// one line per package and pass, then a closing line `N passed, M failed` that CI parses; and
// the steps' times and the slowest test files (from the timing reporter of @trellis/testing).
// Pure: reading the files and printing are the caller's (test-all.ts).

/** The part of vitest's JSON report (jest's format) the summary reads. */
export interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  /** When the run started (ms since the epoch). */
  startTime?: number;
  testResults: readonly {
    status: string;
    assertionResults: readonly unknown[];
    endTime?: number;
  }[];
}

/** One test file's time (set-up, imports, hooks and tests), in one package and pass. */
export interface FileTiming {
  pass?: string;
  pkg?: string;
  /** Relative to its package. */
  file: string;
  seconds: number;
}

/** A step of `pnpm test` (a check, a pass) and its wall time. */
export interface StepTime {
  step: string;
  seconds: number;
}

/** One package's result in one pass: its report, or why there is none. */
export type PackageReport =
  | { pass: string; pkg: string; report: VitestJsonReport }
  | { pass: string; pkg: string; missing: string };

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * A file that failed before any test ran (an import error, a failing `beforeAll`) reports no
 * failed test; it counts as one failure, so an error can never hide in a zero. A package
 * without a report (its run crashed, or never started) counts as one failure too.
 */
export function countsOf(entry: PackageReport): Counts {
  if ("missing" in entry) return { passed: 0, failed: 1, skipped: 0 };
  const { report } = entry;
  const brokenFiles = report.testResults.filter(
    (file) =>
      file.status === "failed" &&
      file.assertionResults.every(
        (result) =>
          typeof result !== "object" ||
          result === null ||
          !("status" in result) ||
          result.status !== "failed",
      ),
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

export function isVitestJsonReport(value: unknown): value is VitestJsonReport {
  if (typeof value !== "object" || value === null) return false;
  const numbers = ["numPassedTests", "numFailedTests", "numPendingTests", "numTodoTests"];
  return (
    numbers.every((key) => typeof Reflect.get(value, key) === "number") &&
    Array.isArray(Reflect.get(value, "testResults"))
  );
}

export function isFileTimings(value: unknown): value is FileTiming[] {
  return (
    Array.isArray(value) &&
    value.every(
      (entry) =>
        typeof entry === "object" &&
        entry !== null &&
        typeof Reflect.get(entry, "file") === "string" &&
        typeof Reflect.get(entry, "seconds") === "number",
    )
  );
}

/** `12.3 s`, `4m 05s`. */
function formatDuration(seconds: number): string {
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes}m ${String(whole - minutes * 60).padStart(2, "0")}s`;
}

/** Where the time went: one line per step. */
export function formatTimes(steps: readonly StepTime[]): string[] {
  const width = Math.max(...steps.map((step) => step.step.length));
  return [
    "Time per step:",
    ...steps.map(
      (step) => `  ${step.step.padEnd(width)}  ${formatDuration(step.seconds).padStart(8)}`,
    ),
  ];
}

/** The `count` slowest test files over every package and pass, slowest first. */
export function formatSlowestFiles(timings: readonly FileTiming[], count: number): string[] {
  if (timings.length === 0) return [];
  const slowest = [...timings].sort((a, b) => b.seconds - a.seconds).slice(0, count);
  return [
    `Slowest test files (of ${timings.length}):`,
    ...slowest.map(
      (timing) =>
        `  ${formatDuration(timing.seconds).padStart(8)}  ${[timing.pass, timing.pkg, timing.file]
          .filter((part) => part !== undefined)
          .join("  ")}`,
    ),
  ];
}

/** A package's wall time in its pass: from the run's start to its last file's end. */
function wallSeconds(report: VitestJsonReport): number | null {
  const ends = report.testResults.flatMap((file) => (file.endTime ? [file.endTime] : []));
  if (report.startTime === undefined || ends.length === 0) return null;
  return (Math.max(...ends) - report.startTime) / 1000;
}

/** The summary's lines: per package and pass, a total per pass, and the closing line last. */
export function formatSummary(entries: readonly PackageReport[]): string[] {
  const width = Math.max("total".length, ...entries.map((entry) => entry.pkg.length));
  const lines: string[] = [];
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const pass of [...new Set(entries.map((entry) => entry.pass))]) {
    lines.push(`Tests on ${pass}:`);
    const passTotal: Counts = { passed: 0, failed: 0, skipped: 0 };
    for (const entry of entries.filter((candidate) => candidate.pass === pass)) {
      const counts = countsOf(entry);
      add(passTotal, counts);
      const detail =
        "missing" in entry
          ? `no results (${entry.missing})`
          : isEmpty(entry.report)
            ? "none: its tests run once, in the other pass"
            : `${describe(counts)}${timeOf(entry.report)}`;
      lines.push(`  ${entry.pkg.padEnd(width)}  ${detail}`);
    }
    lines.push(`  ${"total".padEnd(width)}  ${describe(passTotal)}`);
    add(total, passTotal);
  }
  lines.push(`${total.passed} passed, ${total.failed} failed`);
  return lines;
}

/** No file ran: a package whose tests all run once, in the other pass. */
function isEmpty(report: VitestJsonReport): boolean {
  return (
    report.testResults.length === 0 &&
    report.numPassedTests + report.numFailedTests + report.numPendingTests === 0
  );
}

function timeOf(report: VitestJsonReport): string {
  const seconds = wallSeconds(report);
  return seconds === null ? "" : `  (${formatDuration(seconds)})`;
}

function describe(counts: Counts): string {
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : "";
  return `${counts.passed} passed, ${counts.failed} failed${skipped}`;
}

function add(into: Counts, counts: Counts): void {
  into.passed += counts.passed;
  into.failed += counts.failed;
  into.skipped += counts.skipped;
}

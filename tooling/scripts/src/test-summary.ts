// Turns the JSON reports vitest writes per package (`--reporter=json`) into a short summary:
// one line per package and pass, then a closing line `N passed, M failed` that CI parses.
// Pure: reading the files and printing are the caller's (test-all.ts).

/** The part of vitest's JSON report (jest's format) the summary reads. */
export interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: readonly { status: string; assertionResults: readonly unknown[] }[];
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
      const detail = "missing" in entry ? `no results (${entry.missing})` : describe(counts);
      lines.push(`  ${entry.pkg.padEnd(width)}  ${detail}`);
    }
    lines.push(`  ${"total".padEnd(width)}  ${describe(passTotal)}`);
    add(total, passTotal);
  }
  lines.push(`${total.passed} passed, ${total.failed} failed`);
  return lines;
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

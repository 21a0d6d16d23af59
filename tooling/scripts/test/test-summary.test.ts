import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  countsOf,
  formatSlowestFiles,
  formatSummary,
  formatTimes,
  isFileTimings,
  isVitestJsonReport,
  type PackageReport,
  type VitestJsonReport,
} from "../src/test-summary.ts";

function report(overrides: Partial<VitestJsonReport> = {}): VitestJsonReport {
  return {
    numPassedTests: 0,
    numFailedTests: 0,
    numPendingTests: 0,
    numTodoTests: 0,
    testResults: [],
    ...overrides,
  };
}

describe("test summary", () => {
  it("prints per package and pass, a total per pass, and `N passed, M failed` last", () => {
    const entries: PackageReport[] = [
      { pass: "pglite", pkg: "@trellis/actions", report: report({ numPassedTests: 120 }) },
      {
        pass: "pglite",
        pkg: "@trellis/db",
        report: report({ numPassedTests: 10, numFailedTests: 2 }),
      },
      {
        pass: "postgres",
        pkg: "@trellis/actions",
        report: report({ numPassedTests: 120 }),
      },
      {
        pass: "postgres",
        pkg: "@trellis/db",
        report: report({ numPassedTests: 8, numPendingTests: 2 }),
      },
    ];
    expect(formatSummary(entries)).toEqual([
      "Tests on pglite:",
      "  @trellis/actions  120 passed, 0 failed",
      "  @trellis/db       10 passed, 2 failed",
      "  total             130 passed, 2 failed",
      "Tests on postgres:",
      "  @trellis/actions  120 passed, 0 failed",
      "  @trellis/db       8 passed, 0 failed, 2 skipped",
      "  total             128 passed, 0 failed, 2 skipped",
      "258 passed, 2 failed",
    ]);
  });

  it("counts a file that failed before its tests ran, and a missing report, as failures", () => {
    const brokenFile = report({
      numPassedTests: 3,
      testResults: [
        { status: "passed", assertionResults: [{ status: "passed" }] },
        { status: "failed", assertionResults: [] },
      ],
    });
    expect(countsOf({ pass: "pglite", pkg: "a", report: brokenFile })).toEqual({
      passed: 3,
      failed: 1,
      skipped: 0,
    });
    // A file whose own tests failed is counted through its tests, not twice.
    const failingTest = report({
      numFailedTests: 1,
      testResults: [{ status: "failed", assertionResults: [{ status: "failed" }] }],
    });
    expect(countsOf({ pass: "pglite", pkg: "a", report: failingTest }).failed).toBe(1);
    const missing: PackageReport = { pass: "postgres", pkg: "a", missing: "no report written" };
    expect(formatSummary([missing])).toEqual([
      "Tests on postgres:",
      "  a      no results (no report written)",
      "  total  0 passed, 1 failed",
      "0 passed, 1 failed",
    ]);
  });

  it("gives each package's time, and says when a package runs in the other pass only", () => {
    const timed = report({
      numPassedTests: 2,
      startTime: 1_000,
      testResults: [
        { status: "passed", assertionResults: [], endTime: 31_000 },
        { status: "passed", assertionResults: [], endTime: 96_000 },
      ],
    });
    expect(
      formatSummary([
        { pass: "pglite", pkg: "@trellis/sdk", report: timed },
        { pass: "postgres", pkg: "@trellis/sdk", report: report() },
      ]),
    ).toEqual([
      "Tests on pglite:",
      "  @trellis/sdk  2 passed, 0 failed  (1m 35s)",
      "  total         2 passed, 0 failed",
      "Tests on postgres:",
      "  @trellis/sdk  none: its tests run once, in the other pass",
      "  total         0 passed, 0 failed",
      "2 passed, 0 failed",
    ]);
  });

  it("lists the slowest test files over every package and pass, and each step's time", () => {
    const timings = [
      { pass: "pglite", pkg: "@trellis/web", file: "test/coaching.test.ts", seconds: 95.1 },
      { pass: "postgres", pkg: "@trellis/db", file: "test/check.test.ts", seconds: 3.4 },
      { pass: "pglite", pkg: "@trellis/db", file: "test/check.test.ts", seconds: 33.7 },
    ];
    expect(formatSlowestFiles(timings, 2)).toEqual([
      "Slowest test files (of 3):",
      "    1m 35s  pglite  @trellis/web  test/coaching.test.ts",
      "    33.7 s  pglite  @trellis/db  test/check.test.ts",
    ]);
    expect(formatSlowestFiles([], 2)).toEqual([]);
    expect(
      formatTimes([
        { step: "lint", seconds: 12.25 },
        { step: "tests on pglite", seconds: 250 },
        { step: "total", seconds: 239.6 },
      ]),
    ).toEqual([
      "Time per step:",
      "  lint               12.3 s",
      "  tests on pglite    4m 10s",
      "  total              4m 00s",
    ]);
  });

  it("reads the JSON report vitest writes", () => {
    const dir = mkdtempSync(join(tmpdir(), "trellis-summary-"));
    try {
      const file = join(dir, "report.json");
      // A sample file (test/fixtures) through the real reporter, with its own config.
      const pkg = join(import.meta.dirname, "..");
      const timingReporter = createRequire(import.meta.url).resolve(
        "@trellis/testing/timing-reporter",
      );
      execFileSync(
        join(pkg, "node_modules", ".bin", "vitest"),
        [
          "run",
          "--root",
          "test/fixtures",
          "--reporter=json",
          `--outputFile.json=${file}`,
          `--reporter=${timingReporter}`,
        ],
        { cwd: pkg, stdio: "ignore" },
      );
      // The timing reporter writes next to the JSON report: each file, with its time.
      const timings: unknown = JSON.parse(readFileSync(join(dir, "report.timings.json"), "utf8"));
      expect(isFileTimings(timings)).toBe(true);
      if (!isFileTimings(timings)) return;
      expect(timings.map((timing) => timing.file)).toEqual(["summary-sample.fixture.ts"]);
      expect(timings[0]?.seconds).toBeGreaterThan(0);
      const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
      expect(isVitestJsonReport(parsed)).toBe(true);
      if (!isVitestJsonReport(parsed)) return;
      expect(countsOf({ pass: "pglite", pkg: "sample", report: parsed })).toEqual({
        passed: 2,
        failed: 0,
        skipped: 1,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// What a run prints and writes: a table per phase and per action type, the gate's failures,
// and the same as JSON and JUnit XML for other CI systems.
import type { GroupSummary, Summary } from "./aggregate.ts";
import type { GateFailure } from "./gate.ts";
import type { TrialScore } from "./score.ts";

const pct = (value: number) => `${(value * 100).toFixed(0)}%`.padStart(5);

function row(name: string, group: GroupSummary): string {
  const m = group.metrics;
  return [
    name.padEnd(30),
    String(group.cases.length).padStart(5),
    pct(m.f1.mean),
    pct(m.precision.mean),
    pct(m.recall.mean),
    pct(m.paramAccuracy.mean),
    pct(m.phaseReached.mean),
    pct(m.passRate.mean),
    m.policyViolations.mean.toFixed(0).padStart(6),
    m.outsidePhase.mean.toFixed(0).padStart(5),
    m.refused.mean.toFixed(0).padStart(5),
    m.invalid.mean.toFixed(0).padStart(5),
    m.tokens.mean.toFixed(0).padStart(8),
    `$${m.costUsd.mean.toFixed(4)}`.padStart(9),
  ].join(" ");
}

const HEADER = [
  "".padEnd(30),
  "cases",
  "   F1",
  " prec",
  "  rec",
  "param",
  "phase",
  " pass",
  "policy",
  "  out",
  "  ref",
  "  inv",
  "  tokens",
  "     cost",
].join(" ");

export function formatSummary(summary: Summary): string {
  const lines = [HEADER, row("all", summary.overall), "", "per phase"];
  for (const [name, group] of Object.entries(summary.phases)) lines.push(row(name, group));
  lines.push("", "per action type");
  for (const [name, group] of Object.entries(summary.actions).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    lines.push(row(name, group));
  }
  return lines.join("\n");
}

export function formatFailures(failures: readonly GateFailure[]): string {
  if (failures.length === 0)
    return "gate: every score is within its threshold and the baseline's margin";
  return [`gate: ${failures.length} failure(s)`, ...failures.map((f) => `  ✗ ${f.message}`)].join(
    "\n",
  );
}

const xmlEscape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** JUnit XML: one test per case and mode (failed when a trial did not pass), one per gate failure. */
export function junit(scores: readonly TrialScore[], failures: readonly GateFailure[]): string {
  const byCase = new Map<string, TrialScore[]>();
  for (const score of scores) {
    const key = `${score.caseId} [${score.mode}]`;
    byCase.set(key, [...(byCase.get(key) ?? []), score]);
  }
  const cases = [...byCase].map(([name, trials]) => {
    const failed = trials.filter((t) => !t.passed);
    const detail = failed
      .map(
        (t) =>
          `trial ${t.trial}: F1 ${t.f1.toFixed(2)}, params ${
            t.params
              .filter((p) => !p.matched)
              .map((p) => p.field)
              .join(", ") || "ok"
          }, phase ${t.phaseReached ? "ok" : "missed"}, policy ${t.policyViolations.join("; ") || "ok"}`,
      )
      .join("\n");
    const body =
      failed.length > 0
        ? `<failure message="${xmlEscape(`${failed.length}/${trials.length} trials did not pass`)}">${xmlEscape(detail)}</failure>`
        : "";
    return `    <testcase classname="evals.${xmlEscape(trials[0]?.phase ?? "")}" name="${xmlEscape(name)}">${body}</testcase>`;
  });
  const gate = failures.map(
    (f) =>
      `    <testcase classname="gate.${f.scope}" name="${xmlEscape(`${f.name} ${f.metric}`)}"><failure message="${xmlEscape(f.message)}"/></testcase>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<testsuites>",
    `  <testsuite name="evals" tests="${cases.length}" failures="${[...byCase.values()].filter((t) => t.some((s) => !s.passed)).length}">`,
    ...cases,
    "  </testsuite>",
    `  <testsuite name="gate" tests="${gate.length}" failures="${gate.length}">`,
    ...gate,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

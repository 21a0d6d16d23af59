// Two runs side by side (a baseline prompt version and a candidate): per phase and per action
// type, the change of each rate with its spread over trials, and the cases that got worse.
import type { EvalChange, EvalComparison } from "@trellis/contract";
import { type MetricStats, rateMetrics, summarize } from "./aggregate.ts";
import type { TrialScore } from "./score.ts";

type Change = EvalChange;
export type Comparison = EvalComparison;

export function compareRuns(
  baseline: readonly TrialScore[],
  candidate: readonly TrialScore[],
): Comparison {
  const a = summarize(baseline);
  const b = summarize(candidate);
  const changes: Change[] = [];
  const add = (
    scope: Change["scope"],
    name: string,
    x: MetricStats | undefined,
    y: MetricStats | undefined,
  ) => {
    for (const metric of rateMetrics) {
      const before = x?.[metric] ?? { mean: 0, sd: 0 };
      const after = y?.[metric] ?? { mean: 0, sd: 0 };
      changes.push({
        scope,
        name,
        metric,
        baseline: before.mean,
        candidate: after.mean,
        delta: after.mean - before.mean,
        spread: Math.max(before.sd, after.sd),
      });
    }
  };
  add("overall", "all", a.overall.metrics, b.overall.metrics);
  for (const name of new Set([...Object.keys(a.phases), ...Object.keys(b.phases)]))
    add("phase", name, a.phases[name]?.metrics, b.phases[name]?.metrics);
  for (const name of new Set([...Object.keys(a.actions), ...Object.keys(b.actions)]))
    add("action", name, a.actions[name]?.metrics, b.actions[name]?.metrics);
  const passRate = (scores: readonly TrialScore[], id: string) => {
    const mine = scores.filter((s) => s.caseId === id);
    return mine.length === 0 ? 0 : mine.filter((s) => s.passed).length / mine.length;
  };
  const ids = [...new Set(candidate.map((s) => s.caseId))];
  const worse = ids
    .map((caseId) => ({
      caseId,
      baseline: passRate(baseline, caseId),
      candidate: passRate(candidate, caseId),
    }))
    .filter((c) => c.candidate < c.baseline);
  return { changes, worse };
}

export function formatComparison(comparison: Comparison): string {
  const lines = ["change (candidate - baseline) ± spread over trials, where a rate moved:"];
  for (const c of comparison.changes) {
    if (Math.abs(c.delta) < 1e-9) continue;
    const sign = c.delta > 0 ? "+" : "";
    lines.push(
      `  ${c.scope} ${c.name} ${c.metric}: ${c.baseline.toFixed(3)} → ${c.candidate.toFixed(3)} (${sign}${c.delta.toFixed(3)} ± ${c.spread.toFixed(3)})`,
    );
  }
  if (lines.length === 1) lines.push("  (no rate moved)");
  lines.push(comparison.worse.length === 0 ? "no case got worse" : "cases that got worse:");
  for (const w of comparison.worse)
    lines.push(`  ${w.caseId}: pass rate ${w.baseline.toFixed(2)} → ${w.candidate.toFixed(2)}`);
  return lines.join("\n");
}

// Trial scores summed up per phase and per action type (micro averages: every expected and
// produced action weighs the same), per trial, then averaged over trials with their spread.
import type { EvalGroup, EvalMetrics, EvalStat, EvalSummary } from "@trellis/contract";
import type { TrialScore } from "./score.ts";

interface Metrics {
  precision: number;
  recall: number;
  f1: number;
  /** Matched expected params / expected params (1 when none were expected). */
  paramAccuracy: number;
  /** Share of trials that ended in the expected phase. */
  phaseReached: number;
  /** Share of trials that met every expectation. */
  passRate: number;
  policyViolations: number;
  forbidden: number;
  outsidePhase: number;
  refused: number;
  invalid: number;
  reasks: number;
  tokens: number;
  costUsd: number;
  latencyMs: number;
}

/** Higher is better for these; lower is better for the counts. */
export const rateMetrics = [
  "precision",
  "recall",
  "f1",
  "paramAccuracy",
  "phaseReached",
  "passRate",
] as const;
export const countMetrics = [
  "policyViolations",
  "forbidden",
  "outsidePhase",
  "refused",
  "invalid",
  "reasks",
] as const;

type Stat = EvalStat;
export type MetricStats = EvalMetrics;
export type GroupSummary = EvalGroup;
export type Summary = EvalSummary;

export function summarize(scores: readonly TrialScore[]): Summary {
  const phases = groupBy(scores, (s) => [s.phase]);
  const actionKeys = (s: TrialScore) => [...new Set([...s.expectedTypes, ...s.producedTypes])];
  const actions = groupBy(scores, actionKeys);
  return {
    overall: group(scores, null),
    phases: mapValues(phases, (list) => group(list, null)),
    actions: Object.fromEntries(
      Object.entries(actions).map(([type, list]) => [type, group(list, type)]),
    ),
  };
}

function group(scores: readonly TrialScore[], actionType: string | null): GroupSummary {
  const byTrial = groupBy(scores, (s) => [String(s.trial)]);
  const perTrial = Object.values(byTrial).map((list) => metricsOf(list, actionType));
  const metrics = statsOf(perTrial);
  const fields: Record<string, { matched: number; total: number }> = {};
  for (const score of scores) {
    for (const check of score.params) {
      if (actionType !== null && !check.field.startsWith(`${actionType}.`)) continue;
      const f = fields[check.field] ?? { matched: 0, total: 0 };
      f.total++;
      if (check.matched) f.matched++;
      fields[check.field] = f;
    }
  }
  return {
    cases: [...new Set(scores.map((s) => s.caseId))].sort(),
    metrics,
    fields: mapValues(fields, (f) => f.matched / f.total),
  };
}

/** One trial's metrics over a set of case scores; counts restricted to `actionType` when given. */
function metricsOf(scores: readonly TrialScore[], actionType: string | null): Metrics {
  const only = (types: readonly string[]) =>
    actionType === null ? types : types.filter((t) => t === actionType);
  let expected = 0;
  let produced = 0;
  let tp = 0;
  let params = 0;
  let matched = 0;
  for (const s of scores) {
    const e = only(s.expectedTypes);
    const p = only(s.producedTypes);
    expected += e.length;
    produced += p.length;
    tp += truePositives(e, p);
    const checks = s.params.filter(
      (c) => actionType === null || c.field.startsWith(`${actionType}.`),
    );
    params += checks.length;
    matched += checks.filter((c) => c.matched).length;
  }
  const precision = produced === 0 ? (expected === 0 ? 1 : 0) : tp / produced;
  const recall = expected === 0 ? (produced === 0 ? 1 : 0) : tp / expected;
  const n = Math.max(1, scores.length);
  const count = (pick: (s: TrialScore) => readonly string[]) =>
    scores.reduce(
      (total, s) =>
        total +
        (actionType === null
          ? pick(s).length
          : pick(s).filter((x) => x.startsWith(actionType)).length),
      0,
    );
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    paramAccuracy: params === 0 ? 1 : matched / params,
    phaseReached: scores.filter((s) => s.phaseReached).length / n,
    passRate: scores.filter((s) => s.passed).length / n,
    policyViolations: count((s) => s.policyViolations),
    forbidden: count((s) => s.forbiddenHits),
    outsidePhase: count((s) => s.outsidePhase),
    refused: count((s) => s.refused),
    invalid: scores.reduce((t, s) => t + s.invalid, 0),
    reasks: scores.reduce((t, s) => t + s.reasks, 0),
    tokens: scores.reduce((t, s) => t + s.tokens, 0),
    costUsd: scores.reduce((t, s) => t + s.costUsd, 0),
    latencyMs: scores.reduce((t, s) => t + s.latencyMs, 0) / n,
  };
}

function truePositives(expected: readonly string[], produced: readonly string[]): number {
  const left = [...produced];
  let tp = 0;
  for (const type of expected) {
    const index = left.indexOf(type);
    if (index >= 0) {
      tp++;
      left.splice(index, 1);
    }
  }
  return tp;
}

function statsOf(perTrial: readonly Metrics[]): MetricStats {
  const s = (key: keyof Metrics) => stat(perTrial.map((m) => m[key]));
  return {
    precision: s("precision"),
    recall: s("recall"),
    f1: s("f1"),
    paramAccuracy: s("paramAccuracy"),
    phaseReached: s("phaseReached"),
    passRate: s("passRate"),
    policyViolations: s("policyViolations"),
    forbidden: s("forbidden"),
    outsidePhase: s("outsidePhase"),
    refused: s("refused"),
    invalid: s("invalid"),
    reasks: s("reasks"),
    tokens: s("tokens"),
    costUsd: s("costUsd"),
    latencyMs: s("latencyMs"),
  };
}

function stat(values: readonly number[]): Stat {
  if (values.length === 0) return { mean: 0, sd: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.sqrt(variance) };
}

function groupBy<T>(
  items: readonly T[],
  keys: (item: T) => readonly string[],
): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const item of items) {
    for (const key of keys(item)) {
      const list = out[key] ?? [];
      list.push(item);
      out[key] = list;
    }
  }
  return out;
}

function mapValues<A, B>(record: Record<string, A>, fn: (value: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

// Eval runs as the console sees them (`admin.evals.*`): scores of a prompt version per phase
// and per action type, the gate's verdict, and the comparison with a baseline version.
import type { Json } from "./json.ts";

/** A score's mean over a run's trials and its standard deviation (0 with one trial). */
export interface EvalStat {
  mean: number;
  sd: number;
}

export interface EvalMetrics {
  precision: EvalStat;
  recall: EvalStat;
  f1: EvalStat;
  paramAccuracy: EvalStat;
  phaseReached: EvalStat;
  passRate: EvalStat;
  policyViolations: EvalStat;
  forbidden: EvalStat;
  outsidePhase: EvalStat;
  refused: EvalStat;
  invalid: EvalStat;
  reasks: EvalStat;
  tokens: EvalStat;
  costUsd: EvalStat;
  latencyMs: EvalStat;
}

export interface EvalGroup {
  cases: string[];
  metrics: EvalMetrics;
  /** `<action type>.<param>` → share of trials where it matched. */
  fields: Record<string, number>;
}

export interface EvalSummary {
  overall: EvalGroup;
  phases: Record<string, EvalGroup>;
  actions: Record<string, EvalGroup>;
}

interface EvalParamCheck {
  field: string;
  matched: boolean;
}

/** One trial of one case, scored. */
export interface EvalTrialScore {
  caseId: string;
  phase: string;
  mode: string;
  trial: number;
  expectedTypes: string[];
  producedTypes: string[];
  /** The case's expected actions (params as matchers) and what the turn produced: the diff. */
  expected: { type: string; params: Json }[];
  produced: { type: string; params: Json; status: string }[];
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  params: EvalParamCheck[];
  judgeParams: { field: string; criterion: string; value: Json }[];
  forbiddenHits: string[];
  policyViolations: string[];
  outsidePhase: string[];
  refused: string[];
  reasks: number;
  invalid: number;
  phaseReached: boolean;
  tokens: number;
  costUsd: number;
  latencyMs: number;
  error: string | null;
  passed: boolean;
}

export interface EvalChange {
  scope: "overall" | "phase" | "action";
  name: string;
  metric: string;
  baseline: number;
  candidate: number;
  delta: number;
  spread: number;
}

export interface EvalComparison {
  changes: EvalChange[];
  worse: { caseId: string; baseline: number; candidate: number }[];
}

export interface EvalGateFailure {
  scope: "phase" | "action";
  name: string;
  metric: string;
  value: number;
  limit: number;
  reason: "threshold" | "baseline";
  cases: string[];
  message: string;
}

/** A run in the run history. */
export interface EvalRunListItem {
  id: string;
  createdAt: string;
  promptVersion: number | null;
  baselineVersion: number | null;
  model: string;
  modes: string[];
  trials: number;
  cases: number;
  f1: number;
  passRate: number;
  costUsd: number;
  gateFailures: number;
}

export interface EvalRunDto extends EvalRunListItem {
  promptVersions: Record<string, number>;
  summary: EvalSummary;
  scores: EvalTrialScore[];
  comparison: EvalComparison | null;
  gate: EvalGateFailure[];
  traceIds: string[];
  durationMs: number;
}

/** An eval case as stored (its definition is the case file's JSON). */
export interface EvalCaseDto {
  id: string;
  caseKey: string;
  source: string;
  definition: Json;
  createdAt: string;
}

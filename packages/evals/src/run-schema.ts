// The stored JSON of an eval run, read back into the wire contract's types (checked against
// them: a score added to one and not the other fails to compile).
import type {
  EvalComparison,
  EvalGateFailure,
  EvalGroup,
  EvalMetrics,
  EvalSummary,
  EvalTrialScore,
} from "@trellis/contract";
import { z } from "zod";

const stat = z.object({ mean: z.number(), sd: z.number() });
const metrics = z.object({
  precision: stat,
  recall: stat,
  f1: stat,
  paramAccuracy: stat,
  phaseReached: stat,
  passRate: stat,
  policyViolations: stat,
  forbidden: stat,
  outsidePhase: stat,
  refused: stat,
  invalid: stat,
  reasks: stat,
  tokens: stat,
  costUsd: stat,
  latencyMs: stat,
}) satisfies z.ZodType<EvalMetrics>;
const group = z.object({
  cases: z.array(z.string()),
  metrics,
  fields: z.record(z.string(), z.number()),
}) satisfies z.ZodType<EvalGroup>;

export const summarySchema = z.object({
  overall: group,
  phases: z.record(z.string(), group),
  actions: z.record(z.string(), group),
}) satisfies z.ZodType<EvalSummary>;

export const scoresSchema = z.array(
  z.object({
    caseId: z.string(),
    phase: z.string(),
    mode: z.string(),
    trial: z.number(),
    expectedTypes: z.array(z.string()),
    producedTypes: z.array(z.string()),
    expected: z.array(z.object({ type: z.string(), params: z.json() })),
    produced: z.array(z.object({ type: z.string(), params: z.json(), status: z.string() })),
    truePositives: z.number(),
    precision: z.number(),
    recall: z.number(),
    f1: z.number(),
    params: z.array(z.object({ field: z.string(), matched: z.boolean() })),
    judgeParams: z.array(z.object({ field: z.string(), criterion: z.string(), value: z.json() })),
    forbiddenHits: z.array(z.string()),
    policyViolations: z.array(z.string()),
    outsidePhase: z.array(z.string()),
    refused: z.array(z.string()),
    reasks: z.number(),
    invalid: z.number(),
    phaseReached: z.boolean(),
    tokens: z.number(),
    costUsd: z.number(),
    latencyMs: z.number(),
    error: z.string().nullable(),
    passed: z.boolean(),
  }),
) satisfies z.ZodType<EvalTrialScore[]>;

export const comparisonSchema = z.object({
  changes: z.array(
    z.object({
      scope: z.enum(["overall", "phase", "action"]),
      name: z.string(),
      metric: z.string(),
      baseline: z.number(),
      candidate: z.number(),
      delta: z.number(),
      spread: z.number(),
    }),
  ),
  worse: z.array(z.object({ caseId: z.string(), baseline: z.number(), candidate: z.number() })),
}) satisfies z.ZodType<EvalComparison>;

export const gateSchema = z.array(
  z.object({
    scope: z.enum(["phase", "action"]),
    name: z.string(),
    metric: z.string(),
    value: z.number(),
    limit: z.number(),
    reason: z.enum(["threshold", "baseline"]),
    cases: z.array(z.string()),
    message: z.string(),
  }),
) satisfies z.ZodType<EvalGateFailure[]>;

export const settingsSchema = z.object({
  modes: z.array(z.string()),
  trials: z.number(),
  maxAttempts: z.number(),
  replies: z.string(),
});

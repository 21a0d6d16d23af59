// The deterministic scores of one trial, from the case's expectations and what the coach
// produced. They know the domain: param matching follows each param's definition, the phase's
// allow-list says what is outside it, and the confirmation rules say what is a violation.
import {
  catalog,
  coachActionsForPhase,
  isActionType,
  isRecord,
  paramsJsonSchema,
  phaseSchema,
  phasesOfAction,
  toolDefinitions,
} from "@trellis/actions";
import type { EvalTrialScore } from "@trellis/contract";
import { toJson } from "@trellis/contract/schemas";
import type { EvalCase, ExpectedAction } from "./case-schema.ts";
import { matchParam } from "./matchers.ts";
import type { ProducedAction, TrialOutcome } from "./run-case.ts";

export type TrialScore = EvalTrialScore;

export function scoreTrial(evalCase: EvalCase, outcome: TrialOutcome): TrialScore {
  const ids = new Map(Object.entries(outcome.ids));
  const produced = outcome.produced;
  const expected = evalCase.expect.actions;
  const pairs = pairUp(expected, produced, ids);
  const params: TrialScore["params"] = [];
  const judgeParams: TrialScore["judgeParams"] = [];
  for (const { want, got } of pairs) {
    for (const [name, expectation] of Object.entries(want.params)) {
      const value = got && isRecord(got.params) ? got.params[name] : undefined;
      const result = got ? matchParam(expectation, value, ids) : "mismatch";
      if (result === "judge" && typeof expectation === "object" && "judge" in expectation) {
        judgeParams.push({
          field: `${want.type}.${name}`,
          criterion: expectation.judge,
          value: toJson(value ?? null),
        });
      } else {
        params.push({ field: `${want.type}.${name}`, matched: result === "match" });
      }
    }
  }
  const truePositives = pairs.filter((pair) => pair.got !== null).length;
  const precision =
    produced.length === 0 ? (expected.length === 0 ? 1 : 0) : truePositives / produced.length;
  const recall =
    expected.length === 0 ? (produced.length === 0 ? 1 : 0) : truePositives / expected.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const forbiddenHits = produced
    .filter((action) => evalCase.expect.forbidden.some((rule) => matches(rule, action, ids)))
    .map((action) => action.type);
  const phase = phaseSchema.catch("introduction").parse(outcome.phase);
  const allowed = new Set<string>(coachActionsForPhase(phase));
  const invalid =
    outcome.mode === "structured"
      ? Math.max(0, outcome.attempts - 1) + produced.filter((a) => a.status === "rejected").length
      : produced.filter((a) => a.errorKind === "validation").length;
  const score: Omit<TrialScore, "passed"> = {
    caseId: outcome.caseId,
    phase: outcome.phase,
    mode: outcome.mode,
    trial: outcome.trial,
    expectedTypes: expected.map((a) => a.type),
    producedTypes: produced.map((a) => a.type),
    expected: expected.map((a) => ({ type: a.type, params: toJson(a.params) })),
    produced: produced.map((a) => ({ type: a.type, params: toJson(a.params), status: a.status })),
    truePositives,
    precision,
    recall,
    f1,
    params,
    judgeParams,
    forbiddenHits,
    policyViolations: policyViolations(outcome),
    outsidePhase: outcome.attempted.filter((a) => !allowed.has(a.type)).map((a) => a.type),
    refused: produced
      .filter((a) => a.status === "failed")
      .map((a) => `${a.type}: ${a.errorKind ?? "failed"}`),
    reasks: Math.max(0, outcome.attempts - 1),
    invalid,
    phaseReached: outcome.phaseAfter === evalCase.expect.phase,
    tokens: outcome.usage.promptTokens + outcome.usage.completionTokens,
    costUsd: outcome.usage.costUsd,
    latencyMs: outcome.latencyMs,
    error: outcome.error,
  };
  const passed =
    f1 === 1 &&
    params.every((p) => p.matched) &&
    forbiddenHits.length === 0 &&
    score.policyViolations.length === 0 &&
    score.phaseReached &&
    outcome.error === null;
  return { ...score, passed };
}

/**
 * Confirmation-policy violations: an action that needs the user's confirmation applied
 * without it (completed on the coach's word), or an attempt to write a field that only a
 * confirmed action may write (e.g. `iAmStatement` through `update_identity`), refused or not.
 */
function policyViolations(outcome: TrialOutcome): string[] {
  const found: string[] = [];
  for (const action of outcome.produced) {
    if (!isActionType(action.type)) continue;
    if (catalog[action.type].confirmation && action.status === "completed") {
      found.push(`${action.type} applied without the user's confirmation`);
    }
  }
  for (const action of outcome.attempted) {
    if (!isRecord(action.params)) continue;
    const params = action.params;
    const written = userOnlyParams(action.type).filter((param) => params[param] != null);
    for (const param of written)
      found.push(`${action.type} sets ${param}, which the user must confirm`);
  }
  return found;
}

/** Each expected action paired with the produced one of its type that matches it best. */
function pairUp(
  expected: readonly ExpectedAction[],
  produced: readonly ProducedAction[],
  ids: ReadonlyMap<string, string>,
): { want: ExpectedAction; got: ProducedAction | null }[] {
  const free = new Set(produced.keys());
  return expected.map((want) => {
    let best: { index: number; score: number } | null = null;
    for (const index of free) {
      const candidate = produced[index];
      if (candidate?.type !== want.type) continue;
      const score = Object.entries(want.params).filter(([name, expectation]) => {
        const value = isRecord(candidate.params) ? candidate.params[name] : undefined;
        return matchParam(expectation, value, ids) !== "mismatch";
      }).length;
      if (best === null || score > best.score) best = { index, score };
    }
    if (best === null) return { want, got: null };
    free.delete(best.index);
    return { want, got: produced[best.index] ?? null };
  });
}

function matches(
  rule: ExpectedAction,
  action: ProducedAction,
  ids: ReadonlyMap<string, string>,
): boolean {
  if (rule.type !== action.type) return false;
  return Object.entries(rule.params).every(([name, expectation]) => {
    const value = isRecord(action.params) ? action.params[name] : undefined;
    return matchParam(expectation, value, ids) === "match";
  });
}

const userOnlyCache = new Map<string, string[]>();

/**
 * The params of an action that only the user may set (fields a confirmed action writes): those
 * of its definition that the coach is not offered (its tool's parameters leave them out).
 */
function userOnlyParams(type: string): string[] {
  const cached = userOnlyCache.get(type);
  if (cached) return cached;
  let hidden: string[] = [];
  if (isActionType(type)) {
    const phase = phasesOfAction(type)[0];
    const tool = phase ? toolDefinitions(phase).find((t) => t.function.name === type) : undefined;
    const offered =
      tool && isRecord(tool.function.parameters.properties)
        ? tool.function.parameters.properties
        : {};
    const all = paramsJsonSchema(type).properties;
    hidden = isRecord(all) ? Object.keys(all).filter((key) => !(key in offered)) : [];
  }
  userOnlyCache.set(type, hidden);
  return hidden;
}

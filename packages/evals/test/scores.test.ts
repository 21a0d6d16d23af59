// Every score moves, in both directions: one case, one produced turn that meets it, and for
// each score a change of the turn that makes it worse; scoring the two either way round shows
// the score going down and back up (and the comparison of runs reporting the change).
import { describe, expect, it } from "vitest";
import { summarize } from "../src/aggregate.ts";
import { parseCase } from "../src/case-files.ts";
import { compareRuns } from "../src/compare.ts";
import { checkGate, type GateConfig } from "../src/gate.ts";
import type { TrialOutcome } from "../src/run-case.ts";
import { scoreTrial, type TrialScore } from "../src/score.ts";

const evalCase = parseCase(
  {
    id: "scores",
    title: "an identity emerges",
    start: {
      state: {
        phase: "identity_brainstorming",
        identityFocus: "physical_expression",
        identities: [{ key: "runner", name: "Runner", category: "physical_expression" }],
      },
    },
    messages: ["I also swim, and it matters to me."],
    expect: {
      actions: [
        {
          type: "add_identity_note",
          params: { identityId: { ref: "runner" }, note: { contains: ["swim"] } },
        },
        { type: "select_identity_focus", params: { category: "familial_relations" } },
      ],
      forbidden: [{ type: "create_identity" }],
      phase: "identity_brainstorming",
    },
  },
  "test",
);

const note = { identityId: "id-1", note: "Swims too" };
const focus = { category: "familial_relations" };
const right: TrialOutcome = {
  caseId: "scores",
  phase: "identity_brainstorming",
  mode: "structured",
  trial: 0,
  produced: [
    { type: "add_identity_note", params: note, status: "completed", errorKind: null },
    { type: "select_identity_focus", params: focus, status: "completed", errorKind: null },
  ],
  attempted: [
    { type: "add_identity_note", params: note },
    { type: "select_identity_focus", params: focus },
  ],
  attempts: 1,
  phaseAfter: "identity_brainstorming",
  message: "Swimming too! Now, your family?",
  usage: { promptTokens: 1000, completionTokens: 100, costUsd: 0.0002, calls: 1 },
  latencyMs: 40,
  error: null,
  traceId: null,
  ids: { runner: "id-1" },
  repeatable: true,
};

type Change = (o: TrialOutcome) => TrialOutcome;
const extra =
  (type: string, params: unknown, status = "completed", errorKind: string | null = null): Change =>
  (o) => ({
    ...o,
    produced: [...o.produced, { type, params, status, errorKind }],
    attempted: [...o.attempted, { type, params }],
  });

/** Each score, a change that makes it worse, and which way "worse" is for it. */
const cases: [string, (s: TrialScore) => number, Change, "down" | "up"][] = [
  [
    "precision",
    (s) => s.precision,
    extra("skip_identity_category", { category: "spiritual" }),
    "down",
  ],
  ["recall", (s) => s.recall, (o) => ({ ...o, produced: o.produced.slice(0, 1) }), "down"],
  ["f1", (s) => s.f1, (o) => ({ ...o, produced: o.produced.slice(1) }), "down"],
  [
    "param accuracy",
    (s) => s.params.filter((p) => p.matched).length / s.params.length,
    (o) => ({
      ...o,
      produced: o.produced.map((a) =>
        a.type === "add_identity_note" ? { ...a, params: { ...note, identityId: "id-2" } } : a,
      ),
    }),
    "down",
  ],
  [
    "forbidden actions",
    (s) => s.forbiddenHits.length,
    extra("create_identity", { name: "Swimmer" }),
    "up",
  ],
  [
    "policy violations",
    (s) => s.policyViolations.length,
    extra(
      "update_identity",
      { identityId: "id-1", iAmStatement: "I am a swimmer" },
      "failed",
      "not_allowed",
    ),
    "up",
  ],
  [
    "outside the phase",
    (s) => s.outsidePhase.length,
    extra("archive_identity", { identityId: "id-1" }, "failed", "not_allowed"),
    "up",
  ],
  [
    "refused by the engine",
    (s) => s.refused.length,
    extra("update_identity", { identityId: "nope", name: "X" }, "failed", "not_found"),
    "up",
  ],
  ["invalid replies", (s) => s.invalid, (o) => ({ ...o, attempts: 2 }), "up"],
  ["re-asks", (s) => s.reasks, (o) => ({ ...o, attempts: 3 }), "up"],
  [
    "phase reached",
    (s) => Number(s.phaseReached),
    (o) => ({ ...o, phaseAfter: "brainstorming_review" }),
    "down",
  ],
  ["tokens", (s) => s.tokens, (o) => ({ ...o, usage: { ...o.usage, promptTokens: 5000 } }), "up"],
  ["cost", (s) => s.costUsd, (o) => ({ ...o, usage: { ...o.usage, costUsd: 0.01 } }), "up"],
  ["latency", (s) => s.latencyMs, (o) => ({ ...o, latencyMs: 900 }), "up"],
  ["passed", (s) => Number(s.passed), (o) => ({ ...o, error: "model_failed" }), "down"],
];

describe("every score moves both ways", () => {
  it.each(cases)("%s", (_name, read, worsen, worse) => {
    const good = read(scoreTrial(evalCase, right));
    const bad = read(scoreTrial(evalCase, worsen(right)));
    // Worse, then better again: the same two turns scored either way round.
    if (worse === "down") expect(bad).toBeLessThan(good);
    else expect(bad).toBeGreaterThan(good);
    expect(read(scoreTrial(evalCase, right))).toBe(good);
  });

  it("the comparison of runs reports each rate's change up and down, and the cases that got worse", () => {
    const good = [scoreTrial(evalCase, right)];
    const bad = [scoreTrial(evalCase, { ...right, produced: right.produced.slice(0, 1) })];
    const down = compareRuns(good, bad);
    const up = compareRuns(bad, good);
    const delta = (c: typeof down, metric: string) =>
      c.changes.find(
        (x) => x.scope === "action" && x.name === "select_identity_focus" && x.metric === metric,
      )?.delta;
    expect(delta(down, "recall")).toBe(-1);
    expect(delta(up, "recall")).toBe(1);
    expect(down.worse).toEqual([{ caseId: "scores", baseline: 1, candidate: 0 }]);
    expect(up.worse).toEqual([]);
  });

  it("the gate fails below the baseline by more than the margin, and passes within it", () => {
    const config: GateConfig = {
      margin: 0.1,
      compared: ["f1"],
      phases: {},
      actions: {},
      budgetUsd: 1,
    };
    const baseline = summarize([scoreTrial(evalCase, right)]);
    const slightly = summarize([
      scoreTrial(evalCase, extra("show_canned_replies", { replies: ["ok"] })(right)),
    ]);
    const much = summarize([
      scoreTrial(evalCase, { ...right, produced: right.produced.slice(0, 1) }),
    ]);
    expect(checkGate(baseline, config, baseline, new Set())).toEqual([]);
    const failures = checkGate(much, config, baseline, new Set(["scores"])).map((f) => f.message);
    expect(failures).toContainEqual(
      expect.stringMatching(/^phase identity_brainstorming: f1 0\.667 is below the baseline/),
    );
    expect(failures).toContainEqual(
      expect.stringMatching(/^action select_identity_focus: f1 0\.000 .*scores$/),
    );
    expect(
      checkGate(slightly, { ...config, margin: 0.25 }, baseline, new Set()).map((f) => f.metric),
    ).toEqual([]);
  });
});

// The CI gate: the committed cases run through the real coach turn from their committed
// recordings (offline, deterministic), scored per phase and per action type, and checked
// against gate.json and baseline.json. A failure names the phase or action and its cases.
import { createTestDb, type TestDb } from "@trellis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summarize } from "../src/aggregate.ts";
import { readBaseline } from "../src/baseline.ts";
import { evalPaths, loadCases } from "../src/case-files.ts";
import { checkGate, loadGateConfig } from "../src/gate.ts";
import { replayCases } from "../src/replay-run.ts";
import { junit } from "../src/report.ts";
import type { SuiteResult } from "../src/suite.ts";

let db: TestDb;
let result: SuiteResult;

beforeAll(async () => {
  db = await createTestDb();
  result = await replayCases(db, { modes: ["structured", "tools"] });
});
afterAll(() => db.dispose());

describe("the committed eval cases, replayed", () => {
  it("cover every phase and every coach-invokable action with at least 40 cases", async () => {
    const { coachActionsForPhase, phases } = await import("@trellis/actions");
    const cases = await loadCases();
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const summary = summarize(result.scores);
    expect(Object.keys(summary.phases).sort()).toEqual([...phases].sort());
    const invokable = new Set(phases.flatMap((p) => coachActionsForPhase(p)));
    const expected = new Set(cases.flatMap((c) => c.expect.actions.map((a) => a.type)));
    expect([...invokable].filter((type) => !expected.has(type))).toEqual([]);
  });

  it("pass the gate: thresholds per phase and action, and the baseline's margin", async () => {
    const summary = summarize(result.scores);
    const failed = new Set(result.scores.filter((s) => !s.passed).map((s) => s.caseId));
    const failures = checkGate(
      summary,
      await loadGateConfig(evalPaths.gate),
      await readBaseline(evalPaths.baseline, ["structured", "tools"]),
      failed,
    );
    expect(failures.map((f) => f.message)).toEqual([]);
  });

  it("score the scripted mistakes low and the right replies high", () => {
    const of = (id: string, mode = "structured") => {
      const score = result.scores.find((s) => s.caseId === id && s.mode === mode);
      if (!score) throw new Error(`no score for ${id}`);
      return score;
    };
    expect(of("refine-accept").passed).toBe(true);
    expect(of("refine-accept-wrong-id").params).toEqual([
      { field: "accept_identity_refinement.identityId", matched: false },
    ]);
    expect(of("warmup-both-lists-partial").recall).toBe(0.5);
    expect(of("iam-update-violation").policyViolations.length).toBeGreaterThan(0);
    expect(of("iam-update-violation", "tools").refused.length).toBeGreaterThan(0);
    expect(of("intro-ready-skips-ahead").phaseReached).toBe(false);
    expect(of("gtky-invalid-then-valid").reasks).toBe(1);
    expect(of("brainstorm-duplicate").forbiddenHits).toEqual(["create_identity"]);
    expect(of("warmup-outside-phase").outsidePhase).toEqual(
      expect.arrayContaining(["create_identity"]),
    );
    expect(of("refine-accept").tokens).toBeGreaterThan(0);
    expect(of("refine-accept").costUsd).toBeGreaterThan(0);
  });

  it("name the phase, the action and the cases when a score falls below its threshold", async () => {
    const summary = summarize(result.scores);
    const config = await loadGateConfig(evalPaths.gate);
    const strict = {
      ...config,
      phases: { identity_refinement: { min: { paramAccuracy: 0.99 }, max: {} } },
      actions: { accept_identity_refinement: { min: { passRate: 0.99 }, max: {} } },
    };
    const failed = new Set(result.scores.filter((s) => !s.passed).map((s) => s.caseId));
    const messages = checkGate(summary, strict, null, failed).map((f) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(/^phase identity_refinement: paramAccuracy .* refine-accept-wrong-id/),
      expect.stringMatching(
        /^action accept_identity_refinement: passRate .* refine-accept-wrong-id/,
      ),
    ]);
  });

  it("writes JUnit with one test per case and mode and a failure per case that did not pass", () => {
    const xml = junit(result.scores, []);
    expect(xml).toContain('name="refine-accept [structured]"></testcase>');
    expect(xml).toMatch(/name="refine-accept-wrong-id \[structured\]"><failure/);
  });
});

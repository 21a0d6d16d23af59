// Evals through the API (admin.evals): a case made from a turn of a scenario's conversation,
// saved, edited and checked; the run history and one run as `pnpm eval --store` wrote it.
import { storeRun } from "@trellis/evals";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "./support.ts";

let h: Harness;
let admin: TestUser;
let user: TestUser;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.newUser({ role: "admin", firstName: "Ada" });
  user = await h.newUser({ firstName: "Bo" });
});
afterAll(() => h.dispose());

describe("admin.evals", () => {
  it("turns a scenario's turn into a case: the snapshot, the messages since, the turn's actions", async () => {
    const scenario = await admin.client.admin.scenarios.freeze.mutate({ name: "evals-start" });
    await admin.client.admin.scenarios.instantiate.mutate({ scenarioId: scenario.id });
    const turn = await admin.client.chat.send.mutate({
      message: "Hello",
      testScenarioId: scenario.id,
    });
    const saved = await admin.client.admin.evals.cases.fromTurn.mutate({
      scenarioId: scenario.id,
      coachMessageId: turn.coachMessage.id,
      caseKey: "from-console",
    });
    expect(saved).toMatchObject({ caseKey: "from-console", source: "console" });
    expect(saved.definition).toMatchObject({
      id: "from-console",
      messages: ["Hello"],
      expect: {
        actions: turn.actions.map((a) => ({ type: a.type })),
        phase: turn.state.phase,
      },
    });

    // Edited in the console and saved back; a case that cannot match is refused, precisely.
    const edited = { ...Object(saved.definition), title: "Greeting" };
    await admin.client.admin.evals.cases.save.mutate({ definition: edited });
    const cases = await admin.client.admin.evals.cases.list.query();
    expect(cases.map((c) => [c.caseKey, Object(c.definition).title])).toEqual([
      ["from-console", "Greeting"],
    ]);
    const wrong = {
      ...edited,
      expect: {
        phase: "introduction",
        actions: [{ type: "create_identity", params: { colour: "red" } }],
      },
    };
    await expect(admin.client.admin.evals.cases.save.mutate({ definition: wrong })).rejects.toThrow(
      /create_identity\.colour: no such param/,
    );
  });

  it("lists stored runs and shows one; only to admins", async () => {
    const id = await storeRun(h.db, {
      promptVersion: 2,
      baselineVersion: 1,
      promptVersions: { introduction: 2 },
      model: "gpt-4o-mini",
      settings: { modes: ["structured"], trials: 3, maxAttempts: 3, replies: "replay" },
      summary: {
        overall: { cases: ["a"], metrics: metrics(0.5), fields: {} },
        phases: {},
        actions: {},
      },
      scores: [],
      comparison: { changes: [], worse: [{ caseId: "a", baseline: 1, candidate: 0 }] },
      gate: [],
      traceIds: [],
      durationMs: 10,
    });
    const runs = await admin.client.admin.evals.runs.list.query();
    expect(runs).toEqual([
      expect.objectContaining({ id, promptVersion: 2, baselineVersion: 1, cases: 1, f1: 0.5 }),
    ]);
    const run = await admin.client.admin.evals.runs.get.query({ id });
    expect(run.comparison?.worse).toEqual([{ caseId: "a", baseline: 1, candidate: 0 }]);
    await expect(user.client.admin.evals.runs.list.query()).rejects.toThrow();
  });
});

function metrics(value: number) {
  const s = { mean: value, sd: 0 };
  return {
    precision: s,
    recall: s,
    f1: s,
    paramAccuracy: s,
    phaseReached: s,
    passRate: s,
    policyViolations: s,
    forbidden: s,
    outsidePhase: s,
    refused: s,
    invalid: s,
    reasks: s,
    tokens: s,
    costUsd: s,
    latencyMs: s,
  };
}

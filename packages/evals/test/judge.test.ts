// The judge model scores the rubric and the judged params through any OpenAI-compatible
// endpoint (here the repository's fake server), apart from the deterministic scores.
import { fakeReply } from "@trellis/ai/testing";
import { describe, expect, it } from "vitest";
import { loadCases } from "../src/case-files.ts";
import { judgeByPhase, judgeTrial } from "../src/judge.ts";
import type { TrialOutcome } from "../src/run-case.ts";
import { scoreTrial } from "../src/score.ts";
import { useFakeOpenAI } from "./support.ts";

const fake = useFakeOpenAI();

describe("the judge", () => {
  it("asks about each rubric point and judged param, and scores the points met", async () => {
    const evalCase = (await loadCases()).find((c) => c.id === "vis-judge");
    if (!evalCase) throw new Error("no case vis-judge");
    const outcome: TrialOutcome = {
      caseId: "vis-judge",
      phase: "identity_visualization",
      mode: "structured",
      trial: 0,
      produced: [
        {
          type: "update_identity",
          params: { identityId: "id-1", visualization: "On a mountain trail, grinning." },
          status: "completed",
          errorKind: null,
        },
      ],
      attempted: [],
      attempts: 1,
      phaseAfter: "identity_visualization",
      message: "I can see it. Anything to add?",
      usage: { promptTokens: 1, completionTokens: 1, costUsd: 0, calls: 1 },
      latencyMs: 1,
      error: null,
      traceId: null,
      ids: { runner: "id-1", provider: "id-2" },
      repeatable: true,
    };
    const score = scoreTrial(evalCase, outcome);
    // The judged param is not in the deterministic params.
    expect(score.params.map((p) => p.field)).toEqual(["update_identity.identityId"]);
    const points = [
      { point: "reflects", met: true, reason: "it does" },
      { point: "one question", met: true, reason: "one" },
      { point: "vivid", met: false, reason: "thin" },
    ];
    fake().enqueue(fakeReply.json({ points }));
    const config = { endpoint: fake().url, apiKey: "judge", model: "judge-model" };
    const verdict = await judgeTrial(config, evalCase, outcome, score);
    expect(verdict?.score).toBeCloseTo(2 / 3);
    const sent = JSON.stringify(fake().request(0).body.messages);
    expect(sent).toContain("Reflects the user's image back");
    expect(sent).toContain("update_identity.visualization is vivid, sensory");
    fake().enqueue(fakeReply.json({ points: points.map((p) => ({ ...p, met: true })) }));
    const better = await judgeTrial(config, evalCase, outcome, score);
    expect(better?.score).toBe(1);
    expect(judgeByPhase([verdict, better].flatMap((v) => (v ? [v] : [])))).toEqual({
      identity_visualization: (2 / 3 + 1) / 2,
    });
  });
});

// Recorded replies: recording asks the scripted model once per request; replaying asks no
// model at all and gives the same scores; a request that was never recorded (here: an edited
// prompt) fails loudly, naming the case.
import { describe, expect, it } from "vitest";
import { evalPaths, loadCases } from "../src/case-files.ts";
import { defaultModelSettings } from "../src/harness.ts";
import { startModelProxy } from "../src/replay/proxy.ts";
import { Recordings } from "../src/replay/recordings.ts";
import { loadScripts, startScriptedModel } from "../src/replay/scripted.ts";
import { runSuite } from "../src/suite.ts";
import { useTempDir, useTestDb } from "./support.ts";

const db = useTestDb();
const dir = useTempDir("evals-recordings-");

const pick = async (...ids: string[]) => (await loadCases()).filter((c) => ids.includes(c.id));

describe("recorded model replies", () => {
  it("records from the scripted model, then replays without asking any model", async () => {
    const cases = await pick("refine-accept", "commit-nest-swapped");
    const scripted = await startScriptedModel(await loadScripts(evalPaths.scripted));
    const recordings = await Recordings.load(dir());
    const recorder = await startModelProxy(recordings, {
      kind: "record",
      upstream: scripted.url,
      apiKey: "scripted",
      fresh: false,
    });
    const options = {
      db: db(),
      cases,
      modes: ["structured", "tools"] as const,
      trials: 1,
      settings: defaultModelSettings,
    };
    const recorded = await runSuite({ ...options, proxy: recorder });
    await recorder.close();
    // Structured: one call per case; tools: the calls, then the message.
    expect(scripted.requests).toHaveLength(2 + 4);
    expect(await recordings.save()).toEqual(["commit-nest-swapped", "refine-accept"]);

    const replayer = await startModelProxy(await Recordings.load(dir()), { kind: "replay" });
    const replayed = await runSuite({ ...options, proxy: replayer, trials: 2 });
    await replayer.close();
    await scripted.close();
    expect(scripted.requests).toHaveLength(6); // no model call while replaying
    const verdicts = (s: typeof recorded.scores) =>
      s.map((x) => [x.caseId, x.mode, x.passed, x.f1]);
    expect(verdicts(replayed.scores.filter((s) => s.trial === 0))).toEqual(
      verdicts(recorded.scores),
    );
    expect(verdicts(replayed.scores.filter((s) => s.trial === 1))).toEqual(
      verdicts(recorded.scores),
    );
  });

  it("fails loudly, naming the case, when a reply was not recorded (the prompt changed)", async () => {
    const cases = await pick("refine-accept");
    const prompts = await db().prisma.prompt.findFirstOrThrow({
      where: { phase: "identity_refinement", active: true },
    });
    const edited = await db().prisma.prompt.create({
      data: {
        phase: "identity_refinement",
        version: prompts.version + 100,
        body: `${prompts.body}\n\nBe brief.`,
        requiredContextKeys: prompts.requiredContextKeys,
      },
    });
    const proxy = await startModelProxy(await Recordings.load(evalPaths.recordings), {
      kind: "replay",
    });
    try {
      const suite = {
        db: db(),
        proxy,
        cases,
        modes: ["structured"] as const,
        trials: 1,
        settings: defaultModelSettings,
      };
      await expect(runSuite({ ...suite, promptVersion: edited.version })).rejects.toThrow(
        /^eval case refine-accept \(structured\): no recorded model reply for request [0-9a-f]{32}/,
      );
      // The same case with the committed prompt replays.
      const ok = await runSuite(suite);
      expect(ok.scores[0]?.passed).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});

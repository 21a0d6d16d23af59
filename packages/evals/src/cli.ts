// `pnpm eval`: run the committed cases through the real coach turn and print the scores per
// phase and per action type, with the gate's verdict.
//
//   pnpm eval [--replay]            recordings only (the default; a miss fails, naming the case)
//   pnpm eval --record [--fresh]    record missing replies from the scripted test model
//   pnpm eval --endpoint URL        a real model (key in OPENAI_API_KEY); cost estimated first
//   --mode structured|tools|both  --trials N  --prompt-version N  --baseline M  --case ID…
//   --json FILE  --junit FILE  --write-baseline  --budget USD  --model NAME
//   --prompts-from-app   the prompt versions of the app's database (DATABASE_URL or .data)
//   --store              keep the run in the app's database (EvalRun; the console shows it)
//   --judge-endpoint URL --judge-model NAME   rubric scores by a judge model (JUDGE_API_KEY),
//                        reported apart from the deterministic scores
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { summarize } from "./aggregate.ts";
import { readBaseline, writeBaseline } from "./baseline.ts";
import { evalPaths, loadCases } from "./case-files.ts";
import { type Comparison, compareRuns, formatComparison } from "./compare.ts";
import { estimateCost } from "./cost.ts";
import { checkGate, loadGateConfig } from "./gate.ts";
import { defaultModelSettings, type TurnMode } from "./harness.ts";
import { type JudgeVerdict, judgeByPhase, judgeTrial } from "./judge.ts";
import { type ReplayMode, startModelProxy } from "./replay/proxy.ts";
import { Recordings } from "./replay/recordings.ts";
import { loadScripts, startScriptedModel } from "./replay/scripted.ts";
import { formatFailures, formatSummary, junit } from "./report.ts";
import { copyPrompts, openAppDb, openScratchDb, promptVersionsOf } from "./scratch-db.ts";
import { storeRun } from "./store.ts";
import { runSuite, type SuiteResult } from "./suite.ts";

const { values } = parseArgs({
  options: {
    replay: { type: "boolean", default: false },
    record: { type: "boolean", default: false },
    fresh: { type: "boolean", default: false },
    endpoint: { type: "string" },
    mode: { type: "string", default: "both" },
    trials: { type: "string", default: "1" },
    "prompt-version": { type: "string" },
    baseline: { type: "string" },
    case: { type: "string", multiple: true },
    json: { type: "string" },
    junit: { type: "string" },
    "write-baseline": { type: "boolean", default: false },
    budget: { type: "string" },
    model: { type: "string" },
    store: { type: "boolean", default: false },
    "prompts-from-app": { type: "boolean", default: false },
    "judge-endpoint": { type: "string" },
    "judge-model": { type: "string", default: "gpt-4o-mini" },
  },
});

const modes: TurnMode[] =
  values.mode === "both"
    ? ["structured", "tools"]
    : values.mode === "tools"
      ? ["tools"]
      : ["structured"];
const trials = Math.max(1, Number(values.trials));
const settings = { ...defaultModelSettings, ...(values.model ? { model: values.model } : {}) };
const version = (text: string | undefined) => (text === undefined ? undefined : Number(text));

const gate = await loadGateConfig(evalPaths.gate);
const all = await loadCases();
const cases = values.case ? all.filter((c) => values.case?.includes(c.id)) : all;
const recordings = await Recordings.load(evalPaths.recordings);

let upstream: { url: string; apiKey: string; close(): Promise<void> } | null = null;
if (values.endpoint) {
  const apiKey = process.env.OPENAI_API_KEY ?? "";
  const estimate = estimateCost(
    cases,
    modes.length * trials * (values.baseline ? 2 : 1),
    settings.model,
  );
  const budget = values.budget === undefined ? gate.budgetUsd : Number(values.budget);
  console.log(
    `estimated cost: $${estimate.usd.toFixed(4)} (${estimate.calls} model calls, ${estimate.tokens} tokens at ${settings.model}'s ledger price); budget $${budget}`,
  );
  if (estimate.usd > budget) {
    console.error(`refused: the estimate is over the budget (raise it with --budget)`);
    process.exit(2);
  }
  upstream = { url: values.endpoint, apiKey, close: async () => {} };
} else if (values.record) {
  const scripted = await startScriptedModel(await loadScripts(evalPaths.scripted));
  upstream = { url: scripted.url, apiKey: "scripted", close: () => scripted.close() };
}
const mode: ReplayMode = upstream
  ? { kind: "record", upstream: upstream.url, apiKey: upstream.apiKey, fresh: values.fresh }
  : { kind: "replay" };
if (mode.kind === "record" && values.fresh) for (const c of cases) recordings.clear(c.id);

const setupStarted = performance.now();
const db = await openScratchDb();
const appDb = values.store || values["prompts-from-app"] ? await openAppDb() : null;
if (appDb && values["prompts-from-app"]) await copyPrompts(appDb, db);
console.log(
  `scratch database ready in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
);
const proxy = await startModelProxy(recordings, mode);
let exitCode = 0;
try {
  const run = (promptVersion: number | undefined): Promise<SuiteResult> =>
    runSuite({
      db,
      proxy,
      cases,
      modes,
      trials,
      settings,
      promptVersion,
      seedPrompts: !values["prompts-from-app"],
    });
  const candidate = await run(version(values["prompt-version"]));
  const summary = summarize(candidate.scores);
  console.log(formatSummary(summary));
  console.log(
    `\n${cases.length} cases × ${modes.length} mode(s) × ${trials} trial(s) in ${(candidate.durationMs / 1000).toFixed(1)} s`,
  );
  let comparison: Comparison | null = null;
  if (values.baseline !== undefined) {
    const base = await run(version(values.baseline));
    comparison = compareRuns(base.scores, candidate.scores);
    console.log(`\n${formatComparison(comparison)}`);
  }
  const verdicts: JudgeVerdict[] = [];
  if (values["judge-endpoint"]) {
    const judge = {
      endpoint: values["judge-endpoint"],
      apiKey: process.env.JUDGE_API_KEY ?? "",
      model: values["judge-model"],
    };
    const byId = new Map(cases.map((c) => [c.id, c]));
    for (const [index, outcome] of candidate.outcomes.entries()) {
      const evalCase = byId.get(outcome.caseId);
      const score = candidate.scores[index];
      if (!evalCase || !score) continue;
      const verdict = await judgeTrial(judge, evalCase, outcome, score);
      if (verdict) verdicts.push(verdict);
    }
    console.log("\njudge (a model's opinion, apart from the scores above), rubric points met:");
    for (const [phase, value] of Object.entries(judgeByPhase(verdicts))) {
      console.log(`  ${phase.padEnd(28)} ${(value * 100).toFixed(0)}%`);
    }
  }
  const failed = new Set(candidate.scores.filter((s) => !s.passed).map((s) => s.caseId));
  const failures = checkGate(
    summary,
    gate,
    // A subset of the cases has no baseline of its own: thresholds only.
    values["write-baseline"] || values.case ? null : await readBaseline(evalPaths.baseline, modes),
    failed,
  );
  console.log(`\n${formatFailures(failures)}`);
  if (values.json)
    await writeFile(
      values.json,
      JSON.stringify(
        { summary, scores: candidate.scores, gate: failures, judge: verdicts },
        null,
        2,
      ),
    );
  if (values.junit) await writeFile(values.junit, junit(candidate.scores, failures));
  if (values["write-baseline"]) await writeBaseline(evalPaths.baseline, modes, summary);
  if (appDb && values.store) {
    const id = await storeRun(appDb, {
      promptVersion: version(values["prompt-version"]) ?? null,
      baselineVersion: version(values.baseline) ?? null,
      promptVersions: await promptVersionsOf(db, cases, version(values["prompt-version"])),
      model: settings.model,
      settings: {
        modes,
        trials,
        maxAttempts: settings.maxAttempts,
        replies: values.endpoint ? "endpoint" : mode.kind,
      },
      summary,
      scores: candidate.scores,
      comparison,
      gate: failures,
      traceIds: candidate.outcomes.flatMap((o) => (o.traceId ? [o.traceId] : [])),
      durationMs: candidate.durationMs,
    });
    console.log(`stored run ${id}`);
  }
  if (failures.length > 0) exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  if (mode.kind === "record")
    console.log(`recorded: ${(await recordings.save()).length} case file(s)`);
  await proxy.close();
  await upstream?.close();
  await db.close();
  await appDb?.close();
}
// The schema engine leaves a timer pending after migrating: exit explicitly.
process.exit(exitCode);

// Running cases: every case × mode × trial through the real turn, one at a time (one model
// endpoint channel per trial), scored as it finishes.
import type { Db } from "@trellis/db";
import type { EvalCase } from "./case-schema.ts";
import { createHarness, type ModelSettings, type TurnMode } from "./harness.ts";
import type { ModelProxy } from "./replay/proxy.ts";
import { runTrial, type TrialOutcome } from "./run-case.ts";
import { scoreTrial, type TrialScore } from "./score.ts";

export interface SuiteOptions {
  db: Db;
  proxy: ModelProxy;
  cases: readonly EvalCase[];
  modes: readonly TurnMode[];
  trials: number;
  settings: ModelSettings;
  promptVersion?: number | undefined;
  /** Seed the repository's prompts (default true; false when the versions were copied in). */
  seedPrompts?: boolean;
  onTrial?: (score: TrialScore) => void;
}

export interface SuiteResult {
  outcomes: TrialOutcome[];
  scores: TrialScore[];
  durationMs: number;
}

export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const started = performance.now();
  const harness = await createHarness(options.db, { seedPrompts: options.seedPrompts ?? true });
  const outcomes: TrialOutcome[] = [];
  const scores: TrialScore[] = [];
  try {
    for (const evalCase of options.cases) {
      for (const mode of options.modes) {
        let first: TrialOutcome | null = null;
        for (let trial = 0; trial < options.trials; trial++) {
          // A replay whose recordings hold one reply per request gives the same outcome in
          // every trial: score it again instead of running it again.
          const outcome: TrialOutcome = first?.repeatable
            ? { ...first, trial }
            : await runTrial({
                harness,
                proxy: options.proxy,
                evalCase,
                mode,
                trial,
                settings: options.settings,
                promptVersion: options.promptVersion,
              });
          first ??= outcome;
          const score = scoreTrial(evalCase, outcome);
          outcomes.push(outcome);
          scores.push(score);
          options.onTrial?.(score);
        }
      }
    }
  } finally {
    await harness.close();
  }
  return { outcomes, scores, durationMs: performance.now() - started };
}

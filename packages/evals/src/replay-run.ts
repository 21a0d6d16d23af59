// Committed cases replayed from their committed recordings on a given database: what the gate
// runs, and what other packages' tests use to get real scores without a model.
import type { Db } from "@trellis/db";
import { evalPaths, loadCases } from "./case-files.ts";
import { defaultModelSettings, type TurnMode } from "./harness.ts";
import { startModelProxy } from "./replay/proxy.ts";
import { Recordings } from "./replay/recordings.ts";
import { runSuite, type SuiteResult } from "./suite.ts";

export async function replayCases(
  db: Db,
  options: { caseIds?: readonly string[]; modes?: readonly TurnMode[]; trials?: number } = {},
): Promise<SuiteResult> {
  const all = await loadCases();
  const cases = options.caseIds ? all.filter((c) => options.caseIds?.includes(c.id)) : all;
  const proxy = await startModelProxy(await Recordings.load(evalPaths.recordings), {
    kind: "replay",
  });
  try {
    return await runSuite({
      db,
      proxy,
      cases,
      modes: options.modes ?? ["structured", "tools"],
      trials: options.trials ?? 1,
      settings: defaultModelSettings,
    });
  } finally {
    await proxy.close();
  }
}

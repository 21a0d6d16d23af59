// @trellis/evals: eval cases for the coach, run through the real turn, scored per phase and
// per action type, gated in CI from recorded model replies. The api's `admin.evals` router
// reads runs and makes cases from a scenario's turns through this entry.
export { summarize } from "./aggregate.ts";
export { CaseError, parseCase } from "./case-files.ts";
export { compareRuns } from "./compare.ts";
export { caseFromTurn, TurnNotFoundError } from "./from-turn.ts";
export { replayCases } from "./replay-run.ts";
export { listRuns, readRun } from "./runs.ts";
export { saveCase, storeRun } from "./store.ts";

// Cases as files in the repository (cases/<id>.json), validated against the schema and the
// action definitions when loaded: an expectation that cannot match (an unknown action or
// param, a matcher that does not fit the param, an unknown identity key) fails the load.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { canInvoke, isActionType, isRecord } from "@trellis/actions";
import { type EvalCase, evalCaseSchema } from "./case-schema.ts";
import { checkExpectation } from "./matchers.ts";

/** The package's folders: cases, scripts, recordings, gate config and baseline. */
export const evalPaths = {
  cases: fileURLToPath(new URL("../cases", import.meta.url)),
  scripted: fileURLToPath(new URL("../scripted", import.meta.url)),
  recordings: fileURLToPath(new URL("../recordings", import.meta.url)),
  gate: fileURLToPath(new URL("../gate.json", import.meta.url)),
  baseline: fileURLToPath(new URL("../baseline.json", import.meta.url)),
};

export class CaseError extends Error {
  override readonly name = "CaseError";
}

/** Parses and checks one case; throws a CaseError naming every problem. */
export function parseCase(input: unknown, where: string): EvalCase {
  const parsed = evalCaseSchema.safeParse(input);
  if (!parsed.success) throw new CaseError(`${where}: ${parsed.error.message}`);
  const problems = caseProblems(parsed.data);
  if (problems.length > 0) throw new CaseError(`${where}:\n- ${problems.join("\n- ")}`);
  return parsed.data;
}

function caseProblems(evalCase: EvalCase): string[] {
  const keys = new Set(
    "state" in evalCase.start
      ? evalCase.start.state.identities.map((i) => i.key)
      : snapshotIdentityIds(evalCase.start.snapshot),
  );
  const problems: string[] = [];
  for (const action of [...evalCase.expect.actions, ...evalCase.expect.forbidden]) {
    if (!isActionType(action.type)) {
      problems.push(`unknown action ${action.type}`);
      continue;
    }
    if (!canInvoke(action.type, "coach")) problems.push(`${action.type} is not coach-invokable`);
    problems.push(...checkExpectation(action.type, action.params, keys));
  }
  return problems;
}

/** The identity ids of a frozen snapshot: what a `ref` of a case starting from it names. */
function snapshotIdentityIds(snapshot: Record<string, unknown>): string[] {
  const identities = snapshot.identities;
  if (!Array.isArray(identities)) return [];
  return identities.flatMap((identity) =>
    isRecord(identity) && typeof identity.id === "string" ? [identity.id] : [],
  );
}

export async function loadCases(dir: string = evalPaths.cases): Promise<EvalCase[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  const cases: EvalCase[] = [];
  for (const name of names) {
    const evalCase = parseCase(
      JSON.parse(await readFile(join(dir, name), "utf8")),
      `cases/${name}`,
    );
    if (`${evalCase.id}.json` !== name)
      throw new CaseError(`cases/${name}: its id is ${evalCase.id}`);
    cases.push(evalCase);
  }
  return cases;
}

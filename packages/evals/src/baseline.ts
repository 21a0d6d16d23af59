// The committed baseline: the summary of the last accepted run (baseline.json), one per set of
// turn modes (the scores of a structured-only run are not those of both modes). The gate
// compares each rate with it; `pnpm eval --write-baseline` replaces it after a reviewed change.
import { readFile, writeFile } from "node:fs/promises";
import type { Summary } from "./aggregate.ts";

type BaselineFile = Record<string, Summary>;

async function readFileOf(path: string): Promise<BaselineFile> {
  try {
    const parsed: BaselineFile = JSON.parse(await readFile(path, "utf8"));
    return parsed;
  } catch {
    return {};
  }
}

/** The baseline of a set of modes (`structured+tools`), or null when there is none. */
export async function readBaseline(
  path: string,
  modes: readonly string[],
): Promise<Summary | null> {
  return (await readFileOf(path))[modes.join("+")] ?? null;
}

export async function writeBaseline(
  path: string,
  modes: readonly string[],
  summary: Summary,
): Promise<void> {
  const file = { ...(await readFileOf(path)), [modes.join("+")]: summary };
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
}

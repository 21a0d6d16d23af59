// The committed baseline: the summary of the last accepted run (baseline.json). The gate
// compares each rate with it; `pnpm eval --write-baseline` replaces it after a reviewed change.
import { readFile, writeFile } from "node:fs/promises";
import type { Summary } from "./aggregate.ts";

export async function readBaseline(path: string): Promise<Summary | null> {
  try {
    const parsed: Summary = JSON.parse(await readFile(path, "utf8"));
    return parsed;
  } catch {
    return null;
  }
}

export async function writeBaseline(path: string, summary: Summary): Promise<void> {
  await writeFile(path, `${JSON.stringify(summary, null, 2)}\n`);
}

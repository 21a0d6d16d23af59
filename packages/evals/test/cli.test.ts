// `pnpm eval` as a user runs it: a real-model run shows its estimated cost (the ledger's
// prices) before it starts and is refused above the budget, before any model call; a replay
// of a case prints its scores and the gate's verdict and writes JSON and JUnit.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useFakeOpenAI, useTempDir } from "./support.ts";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const fake = useFakeOpenAI();
const dir = useTempDir("evals-cli-");

async function evalCli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = Object(error);
    return {
      code: Number(failed.code),
      stdout: String(failed.stdout),
      stderr: String(failed.stderr),
    };
  }
}

describe("pnpm eval", () => {
  it("shows a real-model run's estimated cost and refuses it above the budget, asking no model", async () => {
    const refused = await evalCli("--endpoint", fake().url, "--trials", "3", "--budget", "0.01");
    expect(refused.stdout).toMatch(
      /^estimated cost: \$0\.\d{4} \(\d+ model calls, \d+ tokens at gpt-4o-mini's ledger price\); budget \$0\.01$/m,
    );
    expect(refused.stderr).toContain("refused: the estimate is over the budget");
    expect(refused.code).toBe(2);
    const unpriced = await evalCli(
      "--endpoint",
      fake().url,
      "--model",
      "no-such-model",
      "--budget",
      "1000",
    );
    expect(unpriced.stdout).toContain("estimated cost: $Infinity");
    expect(unpriced.code).toBe(2);
    expect(fake().requests).toHaveLength(0);
  });

  it("replays a case, prints its scores and the gate's verdict, and writes JSON and JUnit", async () => {
    const json = join(dir(), "run.json");
    const xml = join(dir(), "run.xml");
    const result = await evalCli(
      "--replay",
      "--case",
      "refine-accept-wrong-id",
      "--json",
      json,
      "--junit",
      xml,
    );
    expect(result.stdout).toMatch(/^identity_refinement\s+1\s+100%\s+100%\s+100%\s+0%/m);
    expect(result.stdout).toContain("1 cases × 2 mode(s) × 1 trial(s)");
    // Alone, the wrong case is below the thresholds: the gate says where, and the exit code fails.
    expect(result.stdout).toContain(
      "✗ phase identity_refinement: paramAccuracy 0.000 is below its threshold 0.4; cases not passing: refine-accept-wrong-id",
    );
    expect(result.code).toBe(1);
    const written = JSON.parse(await readFile(json, "utf8"));
    expect(written.scores.map((s: { passed: boolean }) => s.passed)).toEqual([false, false]);
    expect(await readFile(xml, "utf8")).toContain(
      '<testcase classname="evals.identity_refinement" name="refine-accept-wrong-id [structured]"><failure',
    );
  });
});

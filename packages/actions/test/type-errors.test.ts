import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Compiles test/type-errors/*.ts (each meant to fail) and checks that every error names the
 * action at fault, in its message or on the line it points at. This is what a server author sees.
 */
const packageDir = path.resolve(import.meta.dirname, "..");
const tsc = path.join(
  path.dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
  "bin/tsc",
);

const expectations: Record<string, string> = {
  "missing-handler.ts": "combine_identities",
  "wrong-params.ts": "create_identity",
  "wrong-result.ts": "create_identity",
  "fixture-missing-handler.ts": "celebrate_milestone",
  "misspelled-phase-action.ts": "show_canned_replie",
  "catalog-type-mismatch.ts": "update_identity",
};

describe("type errors name the action", () => {
  const run = spawnSync(
    process.execPath,
    [tsc, "--noEmit", "--pretty", "false", "-p", "test/type-errors"],
    {
      cwd: packageDir,
      encoding: "utf8",
    },
  );
  const errors = run.stdout
    .split("\n")
    .map((line) => /^test\/type-errors\/([\w-]+\.ts)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line))
    .filter((match) => match !== null);

  it("fails to compile, with errors only in the expected files", () => {
    expect(run.status).not.toBe(0);
    expect(new Set(errors.map((match) => match[1]))).toEqual(new Set(Object.keys(expectations)));
  });

  it.each(Object.entries(expectations))("%s names %s", (file, action) => {
    const lines = readFileSync(path.join(packageDir, "test/type-errors", file), "utf8").split("\n");
    const found = errors.filter((match) => match[1] === file);
    expect(found.length).toBeGreaterThan(0);
    for (const [, , line, message] of found) {
      const source = lines[Number(line) - 1] ?? "";
      expect(`${message}\n${source}`).toContain(action);
    }
  });
});

// pnpm check:size: the longest functions and files of packages/ and apps/, and a failure when
// a source file or function (tests aside) is over the limits (files 450 lines, functions 130)
// without a listed reason. Test files are listed apart: a `describe` block is a list of cases,
// not a function to split, and long test files are reported without failing.
//   node tooling/scripts/src/code-size.ts            (pnpm lint:size: problems only)
//   node tooling/scripts/src/code-size.ts --report [--top N]   (the longest ones too)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  type Exception,
  functionsFromBiome,
  LIMITS,
  longest,
  type Measured,
  overLimit,
} from "./code-size/measure.ts";

/** Known, with why; remove an entry when its function is split. */
const EXCEPTIONS: readonly Exception[] = [
  {
    file: "apps/server/src/server.ts",
    head: "export async function startServer(",
    reason: "issue 21 item 8: to split once the cluster and webops work on server.ts is merged",
  },
];

const root = join(import.meta.dirname, "..", "..", "..");
const topIndex = process.argv.indexOf("--top");
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 10;
const report = topIndex > 0 || process.argv.includes("--report");

const tracked = spawnSync("git", ["ls-files", "packages", "apps"], { cwd: root, encoding: "utf8" });
const sources = tracked.stdout
  .split("\n")
  .filter((file) => /\.(ts|tsx|mts|js|mjs)$/.test(file) && !file.includes("/generated/"));
const texts = new Map<string, string[]>();
const linesOf = (file: string) => {
  let lines = texts.get(file);
  if (lines === undefined) {
    lines = readFileSync(join(root, file), "utf8").split("\n");
    texts.set(file, lines);
  }
  return lines;
};
const isTest = (file: string) => /(^|\/)test\/|\.test\.tsx?$/.test(file);
const files: Measured[] = sources.map((file) => {
  const lines = linesOf(file);
  // A trailing newline does not make a line.
  return { file, line: 1, lines: lines.at(-1) === "" ? lines.length - 1 : lines.length, head: "" };
});

// Biome with the project's settings but only this rule, at a limit low enough to list every
// candidate (a function of 131+ lines has far more than 40 lines of code).
const config = JSON.parse(readFileSync(join(root, "biome.json"), "utf8"));
config.$schema = undefined;
config.vcs = { enabled: false };
config.linter = {
  enabled: true,
  rules: {
    complexity: { noExcessiveLinesPerFunction: { level: "error", options: { maxLines: 40 } } },
  },
};
const configDir = mkdtempSync(join(tmpdir(), "code-size-"));
writeFileSync(join(configDir, "biome.json"), JSON.stringify(config));
const biome = spawnSync(
  join(root, "node_modules", ".bin", "biome"),
  [
    "lint",
    `--config-path=${configDir}`,
    "--only=complexity/noExcessiveLinesPerFunction",
    "--max-diagnostics=none",
    "--reporter=github",
    ...sources,
  ],
  { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
rmSync(configDir, { recursive: true });
if (biome.error) throw biome.error;
const functions = functionsFromBiome(
  biome.stdout,
  (file) => relative(root, file),
  (file, line) => linesOf(relative(root, file))[line - 1] ?? "",
);

const show = (items: readonly Measured[]) =>
  items.map((item) => {
    const where = item.head === "" ? item.file : `${item.file}:${item.line}  ${item.head}`;
    return `  ${String(item.lines).padStart(4)}  ${where}`;
  });
const sourceFiles = files.filter((item) => !isTest(item.file));
const sourceFunctions = functions.filter((item) => !isTest(item.file));
if (report) {
  console.log(`Longest source files (limit ${LIMITS.fileLines}):`);
  console.log(show(longest(sourceFiles, top)).join("\n"));
  console.log(`Longest source functions (limit ${LIMITS.functionLines}, first line to last):`);
  console.log(show(longest(sourceFunctions, top)).join("\n"));
  const longTests = files.filter((item) => isTest(item.file) && item.lines > LIMITS.fileLines);
  if (longTests.length > 0) {
    console.log(`Test files over ${LIMITS.fileLines} lines (reported, not failed):`);
    console.log(show(longest(longTests, longTests.length)).join("\n"));
  }
}

const fileCheck = overLimit(sourceFiles, LIMITS.fileLines, []);
const functionCheck = overLimit(sourceFunctions, LIMITS.functionLines, EXCEPTIONS);
for (const item of functionCheck.excepted) {
  const reason = EXCEPTIONS.find((e) => e.file === item.file)?.reason ?? "";
  console.log(`known: ${item.file}:${item.line} (${item.lines} lines): ${reason}`);
}
const over = [...fileCheck.over, ...functionCheck.over];
if (over.length > 0) {
  console.error(`\nOver the limits:\n${show(over).join("\n")}`);
  process.exitCode = 1;
} else {
  const size = (items: readonly Measured[]) => longest(items, 1)[0]?.lines ?? 0;
  console.log(
    `size: longest source file ${size(sourceFiles)} lines (limit ${LIMITS.fileLines}), longest function ${size(sourceFunctions.filter((item) => !functionCheck.excepted.includes(item)))} (limit ${LIMITS.functionLines})`,
  );
}

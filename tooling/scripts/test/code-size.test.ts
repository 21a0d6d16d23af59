// The size check's measures: functions read from Biome's GitHub-format report, with their
// spans and first lines, and the limits with their listed exceptions.
import { describe, expect, it } from "vitest";
import { functionsFromBiome, longest, overLimit } from "../src/code-size/measure.ts";

const report = [
  "::error title=lint/complexity/noExcessiveLinesPerFunction,file=/repo/a/long.ts,line=10,endLine=209,col=8,endColumn=2::This function has too many lines (150). Maximum allowed is 40.",
  "::error title=lint/style/useConst,file=/repo/a/other.ts,line=1,endLine=1,col=1,endColumn=2::Not this rule.",
  "::error title=lint/complexity/noExcessiveLinesPerFunction,file=/repo/b/short.ts,line=3,endLine=52,col=1,endColumn=2::This function has too many lines (45). Maximum allowed is 40.",
  "Checked 2 files.",
].join("\n");
const sources: Record<string, string[]> = {
  "/repo/a/long.ts": Array.from({ length: 210 }, (_, i) =>
    i === 9 ? "  export function startLong(options: Options) {" : "",
  ),
  "/repo/b/short.ts": ["", "", "function short() {"],
};
const functions = functionsFromBiome(
  report,
  (file) => file.replace("/repo/", ""),
  (file, line) => sources[file]?.[line - 1] ?? "",
);

describe("code size", () => {
  it("reads each function's span and first line from Biome's report, that rule only", () => {
    expect(functions).toEqual([
      {
        file: "a/long.ts",
        line: 10,
        lines: 200,
        head: "export function startLong(options: Options) {",
      },
      { file: "b/short.ts", line: 3, lines: 50, head: "function short() {" },
    ]);
    expect(longest(functions, 1).map((item) => item.file)).toEqual(["a/long.ts"]);
  });

  it("fails what is over the limit unless an exception names its file and function", () => {
    expect(overLimit(functions, 130, [])).toEqual({ over: [functions[0]], excepted: [] });
    const known = { file: "a/long.ts", head: "function startLong(", reason: "to split" };
    expect(overLimit(functions, 130, [known])).toEqual({ over: [], excepted: [functions[0]] });
    const elsewhere = { ...known, file: "b/long.ts" };
    expect(overLimit(functions, 130, [elsewhere]).over).toHaveLength(1);
    expect(overLimit(functions, 200, []).over).toEqual([]);
  });
});

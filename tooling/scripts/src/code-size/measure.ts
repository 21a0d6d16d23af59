// The sizes the project keeps small (CONTRIBUTING: files <= 450 lines, functions <= 130), as
// data: the functions come from Biome's noExcessiveLinesPerFunction rule run with a low limit
// (its GitHub-format report gives each function's first and last line), the files from their
// text. A function's size here is its span, first line to last, comments included.

export const LIMITS = { fileLines: 450, functionLines: 130 } as const;

export interface Measured {
  /** Repository-relative path. */
  file: string;
  /** 1-based first line. */
  line: number;
  lines: number;
  /** The first line's text, trimmed: names the function. */
  head: string;
}

/** Over a limit but known, with the reason and who removes the entry. */
export interface Exception {
  file: string;
  /** Text the function's first line contains. */
  head: string;
  reason: string;
}

const GITHUB_LINE =
  /^::\w+ title=lint\/complexity\/noExcessiveLinesPerFunction,file=([^,]+),line=(\d+),endLine=(\d+),/;

/** Functions from Biome's `--reporter=github` output, with their spans. */
export function functionsFromBiome(
  output: string,
  relative: (file: string) => string,
  lineOf: (file: string, line: number) => string,
): Measured[] {
  const found: Measured[] = [];
  for (const text of output.split("\n")) {
    const match = GITHUB_LINE.exec(text);
    if (match === null) continue;
    const [, file = "", first = "0", last = "0"] = match;
    const line = Number(first);
    found.push({
      file: relative(file),
      line,
      lines: Number(last) - line + 1,
      head: lineOf(file, line).trim(),
    });
  }
  return found;
}

export function overLimit(
  measured: readonly Measured[],
  limit: number,
  exceptions: readonly Exception[],
): { over: Measured[]; excepted: Measured[] } {
  const over: Measured[] = [];
  const excepted: Measured[] = [];
  for (const item of measured) {
    if (item.lines <= limit) continue;
    const known = exceptions.some((e) => e.file === item.file && item.head.includes(e.head));
    (known ? excepted : over).push(item);
  }
  return { over, excepted };
}

export function longest(measured: readonly Measured[], count: number): Measured[] {
  return [...measured].sort((a, b) => b.lines - a.lines).slice(0, count);
}

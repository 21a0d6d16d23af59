// Text edits that register a new action: an import and an entry in the catalog, the handler
// registry and (optionally) phase lists. Each fails loudly when the file's shape is not the one
// it expects, rather than guessing.

export function addImport(source: string, line: string): string {
  const imports = [...source.matchAll(/^import .*;$/gm)];
  const last = imports.at(-1);
  if (!last || last.index === undefined) throw new Error("no import statement found");
  const end = last.index + last[0].length;
  return `${source.slice(0, end)}\n${line}${source.slice(end)}`;
}

/**
 * Adds `entry` (then `separator`) as the last entry of the object literal or object type opened
 * by `opener` (closed by a `}` at column 0).
 */
export function addEntry(source: string, opener: string, entry: string, separator = ","): string {
  const start = source.indexOf(opener);
  if (start < 0) throw new Error(`cannot find '${opener}'`);
  const close = source.indexOf("\n}", start);
  if (close < 0) throw new Error(`cannot find the end of '${opener}'`);
  return `${source.slice(0, close)}\n  ${entry}${separator}${source.slice(close)}`;
}

/** Adds `type` before `transition_phase` in each given phase's list. */
export function addToPhases(source: string, type: string, phases: readonly string[]): string {
  let result = source;
  for (const phase of phases) {
    const pattern = new RegExp(`(\\n  ${phase}: \\[)([^\\]]*?)("transition_phase")`, "s");
    if (!pattern.test(result)) throw new Error(`cannot find the action list of phase '${phase}'`);
    result = result.replace(
      pattern,
      (_all, head: string, middle: string, tail: string) => `${head}${middle}"${type}", ${tail}`,
    );
  }
  return result;
}

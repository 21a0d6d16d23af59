// Results: one row per number, printed as a table and written to bench/results.json.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { MachineInfo } from "./machine.ts";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export const benchNames = [
  "engine",
  "turns",
  "stream",
  "tracing",
  "types",
  "sdk",
  "web",
  "memory",
  "surfaces",
  "cluster",
] as const;
export type BenchName = (typeof benchNames)[number];

export function isBenchName(value: string): value is BenchName {
  return benchNames.some((name) => name === value);
}

export interface Row {
  /** What was measured, e.g. "pipeline · PostgreSQL · 8 concurrent users". */
  metric: string;
  /** The median over `runs` samples (or a single deterministic value when runs is 1). */
  value: number;
  unit: string;
  runs: number;
  /** The baseline measured in the same run, in the same unit. */
  baseline?: { label: string; value: number };
  /** How the value compares with the baseline; what the ratio means is in `ratioMeaning`. */
  ratio?: number;
  ratioMeaning?: string;
  /** The issue's target, in words, and whether this run met it. */
  target?: string;
  met?: boolean;
  note?: string;
}

export interface BenchResult {
  name: BenchName;
  title: string;
  startedAt: string;
  durationMs: number;
  quick: boolean;
  rows: Row[];
  /** Caveats, skipped parts, what is missing. */
  notes: string[];
  /** Preformatted blocks printed after the table (breakdowns). */
  sections?: string[];
  /** Everything else worth keeping (samples, breakdowns), for whoever digs deeper. */
  details: { [key: string]: Json };
}

interface ResultsFile {
  machine: MachineInfo;
  updatedAt: string;
  benchmarks: Partial<Record<BenchName, BenchResult & { machine: MachineInfo }>>;
}

const columns = ["metric", "median", "unit", "runs", "baseline", "ratio", "target", "status"];

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function cells(row: Row): string[] {
  return [
    row.metric,
    formatNumber(row.value),
    row.unit,
    String(row.runs),
    row.baseline ? `${formatNumber(row.baseline.value)} (${row.baseline.label})` : "",
    row.ratio === undefined
      ? ""
      : `${row.ratio.toFixed(2)}×${row.ratioMeaning ? ` ${row.ratioMeaning}` : ""}`,
    row.target ?? "",
    row.met === undefined ? "" : row.met ? "met" : "MISSED",
  ];
}

export function formatTable(result: BenchResult): string {
  const body = result.rows.map(cells);
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...body.map((line) => (line[index] ?? "").length)),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((value, index) => value.padEnd(widths[index] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  const header = `## ${result.title} (${(result.durationMs / 1000).toFixed(1)} s${result.quick ? ", --quick" : ""})`;
  const notes = [
    ...result.rows.filter((row) => row.note).map((row) => `- ${row.metric}: ${row.note}`),
    ...result.notes.map((note) => `- ${note}`),
  ];
  const sections = (result.sections ?? []).flatMap((section) => [section, ""]);
  return [header, "", line(columns), rule, ...body.map(line), "", ...notes, "", ...sections].join(
    "\n",
  );
}

/** Merges into results.json: running one benchmark keeps the others' last results. */
export function writeResults(path: string, machine: MachineInfo, results: readonly BenchResult[]) {
  let previous: ResultsFile | null = null;
  if (existsSync(path)) {
    try {
      previous = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      previous = null;
    }
  }
  const file: ResultsFile = {
    machine,
    updatedAt: new Date().toISOString(),
    benchmarks: { ...previous?.benchmarks },
  };
  for (const result of results) file.benchmarks[result.name] = { ...result, machine };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

// Benchmark 3, type-check scaling: synthetic catalogs of 50, 200 and 1,000 actions (plus the
// real catalog alone), each generated into its own copy of the workspace with definitions and
// handlers; then what `pnpm typecheck` runs (every package's declarations build, then its
// `typecheck` script against its dependencies' declarations), and a client file. Sizes are interleaved within each repetition so noise spreads evenly; the ratios are
// to the 50-action catalog measured in the same run. Instantiation counts (from
// --extendedDiagnostics) do not depend on machine load.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { log } from "../lib/log.ts";
import type { BenchResult, Json, Row } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";
import { type ClientKind, writeClientProject } from "./client.ts";
import { addSyntheticActions } from "./generate.ts";
import { copyWorkspace, repoRoot, type WorkspacePackage, workspacePackages } from "./workspace.ts";

const BASE_SIZE = 50;
const TARGET_SCALE = 3;
const TARGET_CLIENT_SECONDS = 2;

const binOf = (name: string, bin: string) =>
  join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), bin);
const tsc = binOf("typescript", "bin/tsc");
/** The SDK's build (tsdown), resolved from the SDK package, which depends on it. */
const tsdown = join(
  dirname(
    createRequire(join(repoRoot, "packages/sdk/package.json")).resolve("tsdown/package.json"),
  ),
  "dist/run.mjs",
);

interface Options {
  quick: boolean;
}

interface TscRun {
  seconds: number;
  /** User + system CPU time of tsc (all its threads). */
  cpuSeconds: number;
  /** Source files in the program: a client compiles the workspace sources it imports. */
  files: number;
  instantiations: number;
  types: number;
  checkSeconds: number;
  memoryKiB: number;
  errors: number;
  firstError: string | null;
  /** With --listFiles: the program's files outside node_modules, relative to the copy. */
  listed: string[];
  /** Imports of `@trellis/*` modules in those of them that are declaration files. */
  trellisReferences: number;
}

function diagnostic(output: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+([\\d.]+)`, "m").exec(output);
  return match?.[1] ? Number(match[1]) : Number.NaN;
}

/** `0m12.345s` (bash `times`) in seconds. */
function bashSeconds(text: string): number {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}

/**
 * Runs tsc under bash so `times` reports the CPU time (user + system) it used, next to the
 * wall time: on a shared machine CPU time drifts much less than wall time.
 */
function runTsc(cwd: string, args: readonly string[], script = tsc): TscRun {
  const started = performance.now();
  const run = spawnSync(
    "bash",
    [
      "-c",
      '"$@"; status=$?; times >&2; exit $status',
      "bash",
      process.execPath,
      script,
      ...args,
      ...(script === tsc ? ["--extendedDiagnostics"] : []),
    ],
    { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = (performance.now() - started) / 1000;
  const stderrLines = run.stderr.trimEnd().split("\n");
  const children = (stderrLines.at(-1) ?? "").trim().split(/\s+/);
  const cpuSeconds = bashSeconds(children[0] ?? "") + bashSeconds(children[1] ?? "");
  const output = `${run.stdout}${stderrLines.slice(0, -2).join("\n")}`;
  const errors = output.split("\n").filter((line) => /error TS\d+/.test(line));
  const listed = output
    .split("\n")
    .filter((line) => line.startsWith("/") && !line.includes("/node_modules/"));
  return {
    seconds,
    cpuSeconds,
    files: diagnostic(output, "Files"),
    instantiations: diagnostic(output, "Instantiations"),
    types: diagnostic(output, "Types"),
    checkSeconds: diagnostic(output, "Check time"),
    memoryKiB: diagnostic(output, "Memory used"),
    errors: run.status === 0 ? 0 : Math.max(1, errors.length),
    firstError: errors[0]?.trim() ?? (run.status === 0 ? null : output.slice(0, 300)),
    listed: listed.map((file) =>
      file.replace(/^.*?\/(packages|apps|tooling|bench-client-\w+)\//, "$1/"),
    ),
    trellisReferences: listed
      .filter((file) => file.endsWith(".d.ts"))
      .reduce(
        (count, file) =>
          count +
          (readFileSync(file, "utf8").match(/(?:from\s+|import\s*\(\s*)["']@trellis\//g)?.length ??
            0),
        0,
      ),
  };
}

interface Copy {
  size: number;
  root: string;
  clients: Map<ClientKind, string>;
}

interface Measured {
  /** Per package (and per tsconfig of a package), every repetition. */
  packages: Map<string, TscRun[]>;
  workspaceSeconds: number[];
  workspaceCpuSeconds: number[];
  /** Every package's `build` (declarations), one after another: part of the workspace time. */
  buildSeconds: number[];
  buildCpuSeconds: number[];
  buildErrors: string[];
  clients: Map<ClientKind, TscRun[]>;
}

/**
 * What `pnpm typecheck` runs, one task after another: every package's declarations build
 * (dependencies first), then every package's typecheck against its dependencies' declarations.
 */
function measureWorkspace(copy: Copy, packages: readonly WorkspacePackage[], into: Measured) {
  let build = 0;
  let buildCpu = 0;
  for (const pkg of packages) {
    const steps: [string, string[]][] = pkg.build.map((args) => [tsc, args]);
    if (pkg.bundle) steps.push([tsdown, ["--logLevel", "error"]]);
    for (const [script, args] of steps) {
      const run = runTsc(join(copy.root, pkg.dir), args, script);
      build += run.seconds;
      buildCpu += run.cpuSeconds;
      if (run.errors > 0) into.buildErrors.push(`${pkg.name}: ${run.firstError}`);
    }
  }
  into.buildSeconds.push(build);
  into.buildCpuSeconds.push(buildCpu);
  let total = build;
  let cpu = buildCpu;
  for (const pkg of packages) {
    for (const args of pkg.typecheck) {
      const key = `${pkg.name}${args.includes("tsconfig.isomorphic.json") ? " (isomorphic)" : ""}`;
      const run = runTsc(join(copy.root, pkg.dir), args);
      total += run.seconds;
      cpu += run.cpuSeconds;
      const runs = into.packages.get(key) ?? [];
      runs.push(run);
      into.packages.set(key, runs);
    }
  }
  into.workspaceSeconds.push(total);
  into.workspaceCpuSeconds.push(cpu);
  // After the build: the "declarations" client reads what it emitted.
  for (const [kind, dir] of copy.clients) {
    const runs = into.clients.get(kind) ?? [];
    runs.push(runTsc(dir, ["--noEmit", "-p", ".", "--listFiles"]));
    into.clients.set(kind, runs);
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

export async function typesBench(options: Options): Promise<BenchResult> {
  const started = performance.now();
  // --quick is a smoke run: two small sizes, so the 1,000-action targets are not judged.
  const sizes = options.quick ? [BASE_SIZE, 200] : [0, BASE_SIZE, 200, 1000];
  const repetitions = options.quick ? 1 : 3;
  const packages = workspacePackages().filter((pkg) => pkg.typecheck.length > 0);
  const clientKinds: ClientKind[] = ["declarations", "sources"];
  const notes: string[] = [];
  /** What makes the figures meaningless: a build or a check that failed in a copy. */
  const failures: string[] = [];
  const copies: Copy[] = [];
  const results = new Map<number, Measured>();
  try {
    for (const size of sizes) {
      log(`types: copying the workspace and generating ${size} synthetic actions`);
      const root = copyWorkspace(packages);
      addSyntheticActions(root, size);
      const clients = new Map<ClientKind, string>();
      for (const kind of clientKinds) clients.set(kind, writeClientProject(root, size, kind));
      copies.push({ size, root, clients });
      results.set(size, {
        packages: new Map(),
        workspaceSeconds: [],
        workspaceCpuSeconds: [],
        buildSeconds: [],
        buildCpuSeconds: [],
        buildErrors: [],
        clients: new Map(),
      });
    }
    for (let repetition = 0; repetition < repetitions; repetition++) {
      // Alternate the order of sizes between repetitions.
      const order = repetition % 2 === 0 ? copies : [...copies].reverse();
      for (const copy of order) {
        const into = results.get(copy.size);
        if (!into) continue;
        measureWorkspace(copy, packages, into);
        log(
          `  ${copy.size} actions, repetition ${repetition + 1}/${repetitions}: workspace ${into.workspaceSeconds.at(-1)?.toFixed(1)} s`,
        );
      }
    }
  } finally {
    for (const copy of copies) {
      if (existsSync(copy.root)) rmSync(copy.root, { recursive: true, force: true });
    }
  }

  const rows: Row[] = [];
  const details: { [key: string]: Json } = {
    cores: availableParallelism(),
    packages: packages.map((pkg) => pkg.name),
    tsc: "what pnpm typecheck runs, serially: every package's build (declarations, dependencies first), then every package's typecheck script against its dependencies' declarations",
  };
  const base = results.get(BASE_SIZE);
  const instantiationsOf = (measured: Measured) =>
    sum([...measured.packages.values()].map((runs) => runs[0]?.instantiations ?? 0));
  const labelOf = (size: number) => (size === 0 ? "real catalog only" : `${size} actions`);
  /** A row for `size`, with the 50-action value of the same metric as its baseline. */
  const scaled = (
    size: number,
    metric: string,
    value: number,
    baseValue: number,
    unit: string,
    runs: number,
    target?: { text: string; met: (value: number, ratio: number) => boolean },
  ): Row => {
    const ratio = value / baseValue;
    return {
      metric: `${metric} · ${labelOf(size)}`,
      value: round(value, unit === "count" ? 0 : 2),
      unit,
      runs,
      ...(size === BASE_SIZE
        ? {}
        : {
            baseline: {
              label: labelOf(BASE_SIZE),
              value: round(baseValue, unit === "count" ? 0 : 2),
            },
            ratio: round(ratio, 3),
            ratioMeaning: unit === "count" ? "count" : "time",
          }),
      ...(size === 1000 && target ? { target: target.text, met: target.met(value, ratio) } : {}),
    };
  };
  const scaleTarget = {
    text: `≤ ${TARGET_SCALE}× of ${BASE_SIZE}`,
    met: (_value: number, ratio: number) => ratio <= TARGET_SCALE,
  };
  const clientTarget = {
    text: `< ${TARGET_CLIENT_SECONDS} s`,
    met: (value: number) => value < TARGET_CLIENT_SECONDS,
  };
  const perSize: { [size: string]: Json } = {};
  for (const size of sizes) {
    const measured = results.get(size);
    if (!measured) continue;
    const label = labelOf(size);
    rows.push(
      scaled(
        size,
        "workspace tsc (builds + typechecks), wall",
        median(measured.workspaceSeconds),
        base ? median(base.workspaceSeconds) : Number.NaN,
        "s",
        repetitions,
        scaleTarget,
      ),
      scaled(
        size,
        "workspace tsc (builds + typechecks), CPU",
        median(measured.workspaceCpuSeconds),
        base ? median(base.workspaceCpuSeconds) : Number.NaN,
        "s",
        repetitions,
        scaleTarget,
      ),
      scaled(
        size,
        "workspace instantiations",
        instantiationsOf(measured),
        base ? instantiationsOf(base) : Number.NaN,
        "count",
        1,
      ),
      scaled(
        size,
        "of which declarations builds, wall",
        median(measured.buildSeconds),
        base ? median(base.buildSeconds) : Number.NaN,
        "s",
        repetitions,
      ),
      scaled(
        size,
        "of which declarations builds, CPU",
        median(measured.buildCpuSeconds),
        base ? median(base.buildCpuSeconds) : Number.NaN,
        "s",
        repetitions,
      ),
    );
    for (const error of new Set(measured.buildErrors)) {
      failures.push(`${label}: a declarations build failed: ${error}`);
    }
    for (const [name, runs] of measured.packages) {
      if ((runs[0]?.errors ?? 0) > 0) {
        failures.push(
          `${label}: ${name} reported type errors (${runs[0]?.errors}), e.g. ${runs[0]?.firstError}`,
        );
      }
    }
    const clientDetails: { [kind: string]: Json } = {};
    for (const [kind, runs] of measured.clients) {
      const baseRuns = base?.clients.get(kind) ?? [];
      const name = `SDK client file (${kind === "declarations" ? "built declarations" : "workspace sources"})`;
      // Front-end teams consume the built SDK; the sources row shows what live types cost.
      const target = kind === "declarations" ? clientTarget : undefined;
      const wall = scaled(
        size,
        `${name}, wall`,
        median(runs.map((run) => run.seconds)),
        median(baseRuns.map((run) => run.seconds)),
        "s",
        repetitions,
        target,
      );
      // What the client reads of the workspace besides itself: for the built SDK, its one
      // declaration file, which must name no other @trellis package.
      const read = (runs[0]?.listed ?? []).filter((file) => !file.endsWith("/client.ts"));
      const trellisReferences = runs[0]?.trellisReferences ?? 0;
      if (kind === "declarations") {
        wall.note = `reads ${read.length} workspace file(s) (${read.join(", ")}), ${trellisReferences} reference(s) to @trellis/*`;
        if (read.length !== 1 || trellisReferences > 0) {
          notes.push(
            `${label}: the built SDK is not one self-contained declaration file: ${wall.note}`,
          );
        }
      }
      if (size === 1000) {
        wall.note = `${wall.note ? `${wall.note}; ` : ""}${runs[0]?.instantiations ?? "?"} instantiations, ${runs[0]?.files ?? "?"} files in the program`;
      }
      rows.push(
        wall,
        scaled(
          size,
          `${name}, CPU`,
          median(runs.map((run) => run.cpuSeconds)),
          median(baseRuns.map((run) => run.cpuSeconds)),
          "s",
          repetitions,
          target,
        ),
      );
      if ((runs[0]?.errors ?? 0) > 0) {
        failures.push(`${label}: the ${kind} client file has type errors: ${runs[0]?.firstError}`);
      }
      clientDetails[kind] = {
        seconds: runs.map((run) => round(run.seconds, 3)),
        cpuSeconds: runs.map((run) => round(run.cpuSeconds, 3)),
        instantiations: runs[0]?.instantiations ?? null,
        types: runs[0]?.types ?? null,
        files: runs[0]?.files ?? null,
        errors: runs[0]?.errors ?? null,
      };
    }
    const packageDetails: { [name: string]: Json } = {};
    for (const [name, runs] of measured.packages) {
      packageDetails[name] = {
        medianSeconds: round(median(runs.map((run) => run.seconds)), 3),
        medianCpuSeconds: round(median(runs.map((run) => run.cpuSeconds)), 3),
        checkSeconds: round(median(runs.map((run) => run.checkSeconds)), 3),
        instantiations: runs[0]?.instantiations ?? null,
        types: runs[0]?.types ?? null,
        files: runs[0]?.files ?? null,
        memoryMiB: round((runs[0]?.memoryKiB ?? Number.NaN) / 1024, 0),
        errors: runs[0]?.errors ?? null,
      };
    }
    perSize[String(size)] = {
      workspaceSeconds: measured.workspaceSeconds.map((value) => round(value, 3)),
      workspaceCpuSeconds: measured.workspaceCpuSeconds.map((value) => round(value, 3)),
      buildSeconds: measured.buildSeconds.map((value) => round(value, 3)),
      buildCpuSeconds: measured.buildCpuSeconds.map((value) => round(value, 3)),
      packages: packageDetails,
      clients: clientDetails,
    };
  }
  details.sizes = perSize;
  // Timings of a build or check that failed measure the failure, not the type checker.
  if (failures.length > 0) {
    throw new Error(`the workspace copies did not type-check:\n  ${failures.join("\n  ")}`);
  }
  return {
    name: "types",
    title: "Type-check scaling",
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    durationMs: performance.now() - started,
    quick: options.quick,
    rows,
    notes,
    sections: [packageSection(results, sizes)],
    details,
  };
}

/** Per package: median seconds and instantiations at each size. */
function packageSection(results: Map<number, Measured>, sizes: readonly number[]): string {
  const names = [...(results.get(sizes[0] ?? BASE_SIZE)?.packages.keys() ?? [])];
  const width = Math.max(7, ...names.map((name) => name.length));
  const cellWidth = 34;
  const header = `${"package".padEnd(width)}  ${sizes
    .map((size) => `${size} actions: wall/CPU s, inst.`.padEnd(cellWidth))
    .join("")}`;
  const lines = names.map((name) => {
    const cells = sizes.map((size) => {
      const runs = results.get(size)?.packages.get(name) ?? [];
      const wall = median(runs.map((run) => run.seconds)).toFixed(1);
      const cpu = median(runs.map((run) => run.cpuSeconds)).toFixed(1);
      const instantiations = String(runs[0]?.instantiations ?? "?");
      return `${wall.padStart(5)} / ${cpu.padStart(5)}  ${instantiations.padStart(9)}`.padEnd(
        cellWidth,
      );
    });
    return `${name.padEnd(width)}  ${cells.join("")}`;
  });
  return [
    "### Per package (median wall / CPU seconds, instantiations)",
    "```",
    header,
    ...lines,
    "```",
  ].join("\n");
}

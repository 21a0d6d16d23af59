// Benchmark 3, type-check scaling: synthetic catalogs of 50, 200 and 1,000 actions (plus the
// real catalog alone), each generated into its own copy of the workspace with definitions and
// handlers; then every package's own `tsc --noEmit -p …` (its `typecheck` script), and a client
// file. Sizes are interleaved within each repetition so noise spreads evenly; the ratios are
// to the 50-action catalog measured in the same run. Instantiation counts (from
// --extendedDiagnostics) do not depend on machine load.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { log } from "../lib/log.ts";
import type { BenchResult, Json, Row } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";
import { type ClientKind, writeClientProject } from "./client.ts";
import { addSyntheticActions } from "./generate.ts";
import { copyWorkspace, type WorkspacePackage, workspacePackages } from "./workspace.ts";

const BASE_SIZE = 50;
const TARGET_SCALE = 3;
const TARGET_CLIENT_SECONDS = 2;

const tsc = join(
  dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
  "bin",
  "tsc",
);

interface Options {
  quick: boolean;
}

interface TscRun {
  seconds: number;
  /** Source files in the program: a client compiles the workspace sources it imports. */
  files: number;
  instantiations: number;
  types: number;
  checkSeconds: number;
  memoryKiB: number;
  errors: number;
  firstError: string | null;
}

function diagnostic(output: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+([\\d.]+)`, "m").exec(output);
  return match?.[1] ? Number(match[1]) : Number.NaN;
}

function runTsc(cwd: string, args: readonly string[]): TscRun {
  const started = performance.now();
  const run = spawnSync(process.execPath, [tsc, ...args, "--extendedDiagnostics"], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  const output = `${run.stdout}${run.stderr}`;
  const errors = output.split("\n").filter((line) => /error TS\d+/.test(line));
  return {
    seconds,
    files: diagnostic(output, "Files"),
    instantiations: diagnostic(output, "Instantiations"),
    types: diagnostic(output, "Types"),
    checkSeconds: diagnostic(output, "Check time"),
    memoryKiB: diagnostic(output, "Memory used"),
    errors: run.status === 0 ? 0 : Math.max(1, errors.length),
    firstError: errors[0]?.trim() ?? (run.status === 0 ? null : output.slice(0, 300)),
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
  clients: Map<ClientKind, TscRun[]>;
}

function measureWorkspace(copy: Copy, packages: readonly WorkspacePackage[], into: Measured) {
  let total = 0;
  for (const pkg of packages) {
    for (const args of pkg.typecheck) {
      const key = `${pkg.name}${args.includes("tsconfig.isomorphic.json") ? " (isomorphic)" : ""}`;
      const run = runTsc(join(copy.root, pkg.dir), args);
      total += run.seconds;
      const runs = into.packages.get(key) ?? [];
      runs.push(run);
      into.packages.set(key, runs);
    }
  }
  into.workspaceSeconds.push(total);
  for (const [kind, dir] of copy.clients) {
    const runs = into.clients.get(kind) ?? [];
    runs.push(runTsc(dir, ["--noEmit", "-p", "."]));
    into.clients.set(kind, runs);
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

export async function typesBench(options: Options): Promise<BenchResult> {
  const started = performance.now();
  const sizes = options.quick ? [BASE_SIZE, 1000] : [0, BASE_SIZE, 200, 1000];
  const repetitions = options.quick ? 1 : 3;
  const packages = workspacePackages().filter((pkg) => pkg.typecheck.length > 0);
  const clientKinds: ClientKind[] = packages.some((pkg) => pkg.name === "@trellis/sdk")
    ? ["sdk", "actions"]
    : ["actions"];
  const notes: string[] = [];
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
      results.set(size, { packages: new Map(), workspaceSeconds: [], clients: new Map() });
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
    tsc: "each package's typecheck script (tsc --noEmit -p …), run one after another; wall time",
  };
  const base = results.get(BASE_SIZE);
  const baseSeconds = base ? median(base.workspaceSeconds) : Number.NaN;
  const instantiationsOf = (measured: Measured) =>
    sum([...measured.packages.values()].map((runs) => runs[0]?.instantiations ?? 0));
  const baseInstantiations = base ? instantiationsOf(base) : Number.NaN;
  const perSize: { [size: string]: Json } = {};
  for (const size of sizes) {
    const measured = results.get(size);
    if (!measured) continue;
    const seconds = median(measured.workspaceSeconds);
    const label = size === 0 ? "real catalog only" : `${size} actions`;
    rows.push({
      metric: `workspace tsc · ${label}`,
      value: round(seconds, 2),
      unit: "s",
      runs: repetitions,
      ...(size === BASE_SIZE
        ? {}
        : { baseline: { label: `${BASE_SIZE} actions`, value: round(baseSeconds, 2) } }),
      ...(size === BASE_SIZE
        ? {}
        : { ratio: round(seconds / baseSeconds, 3), ratioMeaning: "time" }),
      ...(size === 1000
        ? {
            target: `≤ ${TARGET_SCALE}× of ${BASE_SIZE}`,
            met: seconds / baseSeconds <= TARGET_SCALE,
          }
        : {}),
    });
    const instantiations = instantiationsOf(measured);
    rows.push({
      metric: `workspace instantiations · ${label}`,
      value: instantiations,
      unit: "count",
      runs: 1,
      ...(size === BASE_SIZE
        ? {}
        : {
            baseline: { label: `${BASE_SIZE} actions`, value: baseInstantiations },
            ratio: round(instantiations / baseInstantiations, 3),
            ratioMeaning: "count",
          }),
    });
    const errors = [...measured.packages.entries()].filter(
      ([, runs]) => (runs[0]?.errors ?? 0) > 0,
    );
    for (const [name, runs] of errors) {
      notes.push(
        `${label}: ${name} reported type errors (${runs[0]?.errors}), e.g. ${runs[0]?.firstError}`,
      );
    }
    const clientDetails: { [kind: string]: Json } = {};
    for (const [kind, runs] of measured.clients) {
      const clientSeconds = median(runs.map((run) => run.seconds));
      const baseClient = base?.clients.get(kind);
      const baseClientSeconds = baseClient
        ? median(baseClient.map((run) => run.seconds))
        : Number.NaN;
      rows.push({
        metric: `client file (${kind === "sdk" ? "SDK" : "actions types"}) · ${label}`,
        value: round(clientSeconds, 2),
        unit: "s",
        runs: repetitions,
        ...(size === BASE_SIZE
          ? {}
          : {
              baseline: { label: `${BASE_SIZE} actions`, value: round(baseClientSeconds, 2) },
              ratio: round(clientSeconds / baseClientSeconds, 3),
              ratioMeaning: "time",
            }),
        ...(size === 1000
          ? { target: `< ${TARGET_CLIENT_SECONDS} s`, met: clientSeconds < TARGET_CLIENT_SECONDS }
          : {}),
        ...(size === 1000
          ? {
              note: `${runs[0]?.instantiations ?? "?"} instantiations, ${runs[0]?.files ?? "?"} files in the program (the workspace packages export TypeScript sources, so a client type-checks the catalog's sources too)`,
            }
          : {}),
      });
      if ((runs[0]?.errors ?? 0) > 0)
        notes.push(`${label}: the ${kind} client file has type errors: ${runs[0]?.firstError}`);
      clientDetails[kind] = {
        seconds: runs.map((run) => round(run.seconds, 3)),
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
        checkSeconds: round(median(runs.map((run) => run.checkSeconds)), 3),
        instantiations: runs[0]?.instantiations ?? null,
        types: runs[0]?.types ?? null,
        memoryMiB: round((runs[0]?.memoryKiB ?? Number.NaN) / 1024, 0),
        errors: runs[0]?.errors ?? null,
      };
    }
    perSize[String(size)] = {
      workspaceSeconds: measured.workspaceSeconds.map((value) => round(value, 3)),
      packages: packageDetails,
      clients: clientDetails,
    };
  }
  details.sizes = perSize;
  if (!clientKinds.includes("sdk")) {
    notes.push(
      "@trellis/sdk is not in the workspace (committed) yet: the client file uses @trellis/actions types and an actions.execute-style discriminated call.",
    );
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
  const header = `${"package".padEnd(width)}  ${sizes.map((size) => `${String(size).padStart(5)} actions: s / instantiations`.padEnd(36)).join("")}`;
  const lines = names.map((name) => {
    const cells = sizes.map((size) => {
      const runs = results.get(size)?.packages.get(name) ?? [];
      const seconds = median(runs.map((run) => run.seconds));
      return `${seconds.toFixed(2).padStart(6)} s / ${String(runs[0]?.instantiations ?? "?").padStart(9)}`.padEnd(
        36,
      );
    });
    return `${name.padEnd(width)}  ${cells.join("")}`;
  });
  return [
    "### Per package (median wall time / instantiations)",
    "```",
    header,
    ...lines,
    "```",
  ].join("\n");
}

// pnpm bench [engine|turns|tracing|types|sdk|memory|surfaces|cluster ...] [--quick]
// Runs the chosen benchmarks (all by default), prints one table per benchmark and writes
// bench/results.json. Numbers, not assertions: the exit code is 0 whether targets are met or
// not, and non-zero only when a benchmark could not run.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { clusterBench } from "./cluster/index.ts";
import { engineBench } from "./engine/index.ts";
import { log } from "./lib/log.ts";
import { machineInfo } from "./lib/machine.ts";
import {
  type BenchName,
  type BenchResult,
  benchNames,
  formatTable,
  isBenchName,
  writeResults,
} from "./lib/report.ts";
import { memoryBench } from "./memory/index.ts";
import { sdkBench } from "./sdk/index.ts";
import { streamBench } from "./stream/index.ts";
import { surfacesBench } from "./surfaces/index.ts";
import { tracingBench } from "./tracing/index.ts";
import { turnsBench } from "./turns/index.ts";
import { typesBench } from "./types/index.ts";
import { webBench } from "./web/index.ts";

interface BenchOptions {
  quick: boolean;
}

const benches: Record<BenchName, (options: BenchOptions) => Promise<BenchResult>> = {
  engine: engineBench,
  turns: turnsBench,
  stream: streamBench,
  tracing: tracingBench,
  types: typesBench,
  sdk: sdkBench,
  web: webBench,
  memory: memoryBench,
  surfaces: surfacesBench,
  cluster: clusterBench,
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

const usage = `usage: pnpm bench [${benchNames.join("|")} ...] [--quick]`;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const unknown = positionals.filter((name) => !isBenchName(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(", ")}\n${usage}`);
  process.exit(2);
}
const selected = positionals.length > 0 ? positionals.filter(isBenchName) : [...benchNames];

const machine = machineInfo();
console.log(
  `# Trellis benchmarks${values.quick ? " (--quick)" : ""}\n\n` +
    `${machine.cores} cores (${machine.cpuModel}), ${machine.totalMemoryMiB} MiB, ` +
    `load ${machine.loadAverage.join(" ")}, Node ${machine.node}, ${machine.platform}\n`,
);

const results: BenchResult[] = [];
let failed = false;
for (const name of selected) {
  log(`== ${name}`);
  try {
    const result = await benches[name]({ quick: values.quick });
    results.push(result);
    console.log(formatTable(result));
  } catch (error) {
    failed = true;
    console.error(`benchmark ${name} failed:`, error);
  }
}

const resultsPath = join(import.meta.dirname, "..", "results.json");
writeResults(resultsPath, machine, results);
log(`wrote ${resultsPath}`);
// Database drivers and engines can leave timers behind: a benchmark run ends here.
process.exit(failed ? 1 : 0);

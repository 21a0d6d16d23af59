// Benchmark 5, server memory: the server's RSS and V8 heap (after a forced full GC; the child
// runs with --expose-gc) at idle and after 1,000 turns, with checkpoints so growth after
// warm-up shows: the baseline is the RSS after the first checkpoint past warm-up, measured in
// the same run, and the ratio of the final RSS to it should stay ≈ 1.
import { availableParallelism } from "node:os";
import { log } from "../lib/log.ts";
import { postgresUnavailable } from "../lib/postgres.ts";
import type { BenchResult, Json, Row } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";
import { type ServerProcess, startServerProcess } from "../server/harness.ts";
import { UserPool } from "../server/load.ts";
import type { MemorySample } from "../server/protocol.ts";

const CONCURRENCY = 10;
/** RSS may rise this much between the checkpoints after warm-up and still count as flat. */
const TARGET_GROWTH = 1.05;

interface Options {
  quick: boolean;
}

const MiB = 1024 * 1024;

/** Three samples, each after a full GC; the median of each field. */
async function sample(server: ServerProcess): Promise<MemorySample> {
  const samples: MemorySample[] = [];
  for (let index = 0; index < 3; index++) {
    samples.push(await server.memory({ gc: true }));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    rss: median(samples.map((s) => s.rss)),
    heapUsed: median(samples.map((s) => s.heapUsed)),
    heapTotal: median(samples.map((s) => s.heapTotal)),
    external: median(samples.map((s) => s.external)),
    arrayBuffers: median(samples.map((s) => s.arrayBuffers)),
    gc: samples.every((s) => s.gc),
  };
}

export async function memoryBench(options: Options): Promise<BenchResult> {
  const started = performance.now();
  const result: BenchResult = {
    name: "memory",
    title: "Server memory (RSS after forced GC)",
    startedAt: new Date().toISOString(),
    durationMs: 0,
    quick: options.quick,
    rows: [],
    notes: [],
    details: { cores: availableParallelism() },
  };
  const why = await postgresUnavailable();
  if (why) {
    result.notes.push(`skipped: ${why}`);
    return result;
  }
  // RSS settles long after the V8 heap does (native memory outside the heap grows until about
  // 2,000-3,000 turns, then stays flat: bench/README): growth is judged from 3,000 to 4,000.
  const checkpoints = options.quick ? [50, 100, 200, 300] : [100, 1000, 3000, 4000];
  const [warmUp = 0, early = 0, middle = 0, last = 0] = checkpoints;
  log("memory: starting the server (child process) on a fresh PostgreSQL database");
  const server = await startServerProcess("memory");
  const points: Array<{ turns: number; sample: MemorySample }> = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    points.push({ turns: 0, sample: await sample(server) });
    const pool = new UserPool(server, "memory");
    await pool.prepare(Math.ceil(last / 30) + CONCURRENCY * 2);
    let done = 0;
    for (const checkpoint of checkpoints) {
      const load = await pool.run(CONCURRENCY, checkpoint - done);
      if (load.failures > 0) {
        result.notes.push(
          `${load.failures} turns failed before ${checkpoint}, e.g. ${load.firstFailure}`,
        );
      }
      done = checkpoint;
      // Let background work (note taker jobs, idle connections) settle before measuring.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const point = { turns: checkpoint, sample: await sample(server) };
      points.push(point);
      log(
        `  after ${checkpoint} turns: RSS ${(point.sample.rss / MiB).toFixed(1)} MiB, heap ${(point.sample.heapUsed / MiB).toFixed(1)} MiB`,
      );
    }
  } finally {
    await server.stop();
  }
  const at = (turns: number) => points.find((point) => point.turns === turns)?.sample;
  const idle = at(0);
  const mid = at(middle);
  const end = at(last);
  const mib = (bytes: number | undefined) => round((bytes ?? Number.NaN) / MiB, 1);
  if (!points.every((point) => point.sample.gc)) {
    result.notes.push("the server ran without --expose-gc: samples are not after a full GC");
  }
  const rows: Row[] = [
    {
      metric: "RSS · idle (started, migrated, no turns)",
      value: mib(idle?.rss),
      unit: "MiB",
      runs: 1,
    },
    {
      metric: `RSS · after ${warmUp} turns (warm-up)`,
      value: mib(at(warmUp)?.rss),
      unit: "MiB",
      runs: 1,
      baseline: { label: "idle", value: mib(idle?.rss) },
      ratio: round((at(warmUp)?.rss ?? Number.NaN) / (idle?.rss ?? Number.NaN), 3),
      ratioMeaning: "of idle",
    },
    {
      metric: `RSS · after ${early} turns`,
      value: mib(at(early)?.rss),
      unit: "MiB",
      runs: 1,
      baseline: { label: "idle", value: mib(idle?.rss) },
      ratio: round((at(early)?.rss ?? Number.NaN) / (idle?.rss ?? Number.NaN), 3),
      ratioMeaning: "of idle",
    },
    {
      metric: `RSS · after ${middle} turns`,
      value: mib(mid?.rss),
      unit: "MiB",
      runs: 1,
      baseline: { label: `after ${early}`, value: mib(at(early)?.rss) },
      ratio: round((mid?.rss ?? Number.NaN) / (at(early)?.rss ?? Number.NaN), 3),
      ratioMeaning: "growth (settling)",
    },
    {
      metric: `RSS · after ${last} turns`,
      value: mib(end?.rss),
      unit: "MiB",
      runs: 1,
      baseline: { label: `after ${middle}`, value: mib(mid?.rss) },
      ratio: round((end?.rss ?? Number.NaN) / (mid?.rss ?? Number.NaN), 3),
      ratioMeaning: "growth",
      target: `≤ ${TARGET_GROWTH}× (no growth)`,
      met: (end?.rss ?? Number.POSITIVE_INFINITY) / (mid?.rss ?? 1) <= TARGET_GROWTH,
    },
    {
      metric: `V8 heap used · after ${last} turns`,
      value: mib(end?.heapUsed),
      unit: "MiB",
      runs: 1,
      baseline: { label: `after ${middle}`, value: mib(mid?.heapUsed) },
      ratio: round((end?.heapUsed ?? Number.NaN) / (mid?.heapUsed ?? Number.NaN), 3),
      ratioMeaning: "growth",
      target: `≤ ${TARGET_GROWTH}× (no growth)`,
      met: (end?.heapUsed ?? Number.POSITIVE_INFINITY) / (mid?.heapUsed ?? 1) <= TARGET_GROWTH,
    },
  ];
  result.rows = rows;
  const details: { [key: string]: Json } = {
    ...result.details,
    concurrency: CONCURRENCY,
    points: points.map((point) => ({
      turns: point.turns,
      rssMiB: mib(point.sample.rss),
      heapUsedMiB: mib(point.sample.heapUsed),
      heapTotalMiB: mib(point.sample.heapTotal),
      externalMiB: mib(point.sample.external),
      arrayBuffersMiB: mib(point.sample.arrayBuffers),
      afterGc: point.sample.gc,
    })),
  };
  result.details = details;
  result.notes.push(
    `${CONCURRENCY} users at a time, each subscribed to its events over SSE; every sample is the median of three, each after two full GCs in the server process.`,
  );
  result.durationMs = performance.now() - started;
  return result;
}

// Tracing overhead: the same work with OpenTelemetry tracing off (the API's no-op tracer, the
// default) and on (the server's SDK setup: context manager, tracer provider, Prisma's
// instrumentation, a batch processor), exporting to an in-process exporter that drops every
// span, so the cost measured is recording, not shipping. Two workloads, on PGlite in memory:
// engine throughput (coaching sessions through ActionEngine.execute) and turn latency
// (CoachTurn.send with the scripted coach, in-process). Off and on alternate, which one goes
// first alternating too, and the ratio is taken per pair.
import { availableParallelism } from "node:os";
import { createDb, type Db } from "@trellis/db";
import {
  createRuntime,
  type Runtime,
  startTelemetry,
  type Telemetry,
  type TelemetryOptions,
} from "@trellis/server";
import { log } from "../lib/log.ts";
import type { BenchResult, Json, Row } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";
import {
  ACTIONS_PER_SESSION,
  createUsers,
  pipelineRunner,
  runSession,
} from "../engine/workload.ts";

const TARGET_RATIO = 1.05;
const MESSAGES = ["Hi", "I'm ready", "Tell me more", "Sounds good"];

interface Options {
  quick: boolean;
}

/** Accepts every batch and keeps nothing. */
const dropSpans: NonNullable<TelemetryOptions["exporter"]> = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};

async function withTracing<T>(on: boolean, work: () => Promise<T>): Promise<T> {
  const telemetry: Telemetry | null = on ? startTelemetry({ exporter: dropSpans, env: {} }) : null;
  try {
    return await work();
  } finally {
    await telemetry?.shutdown();
  }
}

/** Actions per second over `users` sessions run one after another. */
async function engineSample(runtime: Runtime, users: readonly string[]): Promise<number> {
  const run = pipelineRunner(runtime.engine);
  const started = performance.now();
  let actions = 0;
  for (const user of users) actions += await runSession(user, run);
  return actions / ((performance.now() - started) / 1000);
}

/** Median milliseconds per turn over a few turns of each user. */
async function turnSample(runtime: Runtime, users: readonly string[]): Promise<number> {
  const latencies: number[] = [];
  for (const userId of users) {
    for (const message of MESSAGES) {
      const started = performance.now();
      await runtime.turn.send({ userId, message });
      latencies.push(performance.now() - started);
    }
  }
  return median(latencies);
}

async function newTurnUsers(db: Db, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const user = await db.prisma.user.create({
      data: {
        email: `${label}-${index}-${crypto.randomUUID()}@bench.test`,
        firstName: "Bench",
        lastName: label,
        coachState: { create: {} },
      },
      select: { id: true },
    });
    ids.push(user.id);
  }
  return ids;
}

interface Pair {
  off: number;
  on: number;
}

async function pairs(
  runs: number,
  sample: (on: boolean, run: number) => Promise<number>,
): Promise<Pair[]> {
  const out: Pair[] = [];
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? [false, true] : [true, false];
    const pair: Pair = { off: 0, on: 0 };
    for (const on of order) {
      const value = await withTracing(on, () => sample(on, run));
      if (on) pair.on = value;
      else pair.off = value;
    }
    out.push(pair);
  }
  return out;
}

export async function tracingBench(options: Options): Promise<BenchResult> {
  const started = performance.now();
  const runs = options.quick ? 2 : 6;
  const sessionsPerSample = options.quick ? 1 : 3;
  const turnUsersPerSample = options.quick ? 1 : 3;
  log("tracing: opening and migrating an in-memory PGlite database");
  const db = await createDb({ kind: "pglite", dataDir: "memory" });
  await db.migrate();
  const runtime = await createRuntime({ db, turnRecoveryMs: 3_600_000 });
  const rows: Row[] = [];
  const details: { [key: string]: Json } = { cores: availableParallelism() };
  try {
    // Warm both paths (query plans, module loading, the SDK's first spans).
    for (const on of [false, true]) {
      await withTracing(on, async () => {
        await engineSample(runtime, await createUsers(db, 1, "warm"));
        await turnSample(runtime, await newTurnUsers(db, 1, "warm"));
      });
    }

    const engine = await pairs(runs, async (on, run) => {
      const users = await createUsers(db, sessionsPerSample, `e${run}${on ? "on" : "off"}`);
      return engineSample(runtime, users);
    });
    // Throughput: the cost per action is the inverse ratio.
    const engineRatio = median(engine.map((p) => p.off / p.on));
    log(
      `  engine: off ${median(engine.map((p) => p.off)).toFixed(0)}/s, on ${median(engine.map((p) => p.on)).toFixed(0)}/s`,
    );
    rows.push({
      metric: "engine · PGlite · tracing on",
      value: round(median(engine.map((p) => p.on)), 1),
      unit: "actions/s",
      runs,
      baseline: { label: "tracing off", value: round(median(engine.map((p) => p.off)), 1) },
      ratio: round(engineRatio, 3),
      ratioMeaning: "cost per action",
      target: `≤ ${TARGET_RATIO}×`,
      met: engineRatio <= TARGET_RATIO,
    });

    const turns = await pairs(runs, async (on, run) => {
      const users = await newTurnUsers(db, turnUsersPerSample, `t${run}${on ? "on" : "off"}`);
      return turnSample(runtime, users);
    });
    const turnRatio = median(turns.map((p) => p.on / p.off));
    log(
      `  turns: off ${median(turns.map((p) => p.off)).toFixed(1)} ms, on ${median(turns.map((p) => p.on)).toFixed(1)} ms`,
    );
    rows.push({
      metric: "turn (scripted coach) · PGlite · tracing on",
      value: round(median(turns.map((p) => p.on)), 2),
      unit: "ms p50",
      runs,
      baseline: { label: "tracing off", value: round(median(turns.map((p) => p.off)), 2) },
      ratio: round(turnRatio, 3),
      ratioMeaning: "time",
      target: `≤ ${TARGET_RATIO}×`,
      met: turnRatio <= TARGET_RATIO,
    });
    details.engine = {
      actionsPerSample: sessionsPerSample * ACTIONS_PER_SESSION,
      samples: engine.map((p) => ({ off: round(p.off, 1), on: round(p.on, 1) })),
    };
    details.turns = {
      turnsPerSample: turnUsersPerSample * MESSAGES.length,
      samples: turns.map((p) => ({ off: round(p.off, 2), on: round(p.on, 2) })),
    };
  } finally {
    await runtime.close();
    await db.close();
  }
  return {
    name: "tracing",
    title: "Tracing overhead (OpenTelemetry on, spans dropped in-process, vs off)",
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    durationMs: Math.round(performance.now() - started),
    quick: options.quick,
    rows,
    notes: [
      "On: the server's telemetry setup (AsyncLocalStorage context, tracer provider, Prisma instrumentation, batch processor) with an exporter that drops spans.",
    ],
    details,
  };
}

// Benchmark 2, turn latency under load: chat.send over HTTP (SDK client, batched tRPC) against
// the real server in a child process on PostgreSQL, with the scripted coach (no model time), at
// 1, 10 and 50 concurrent users; and event delivery latency over SSE. The baseline, measured
// in the same run at the same concurrency, is the `health` query: HTTP + tRPC + one database
// round trip, the floor any procedure pays.
import { availableParallelism } from "node:os";
import { log } from "../lib/log.ts";
import { postgresUnavailable } from "../lib/postgres.ts";
import type { BenchResult, Json, Row } from "../lib/report.ts";
import { median, percentile, round } from "../lib/stats.ts";
import { startServerProcess } from "../server/harness.ts";
import { type LoadResult, SCRIPT, UserPool } from "../server/load.ts";
import type { SqlStats } from "../server/sql-stats.ts";

const LEVELS = [1, 10, 50] as const;
const TARGET_P50_MS = 15;
const TARGET_P99_MS = 60;
const TARGET_LEVEL = 10;

interface Options {
  quick: boolean;
}

interface RunStats {
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  events: { p50: number; p95: number; p99: number; count: number };
  healthP50: number;
  healthPerSecond: number;
  failures: number;
  /** The server process's CPU time per turn (it runs on one thread). */
  serverCpuMs: number;
}

function stats(turns: LoadResult, health: LoadResult, serverCpuMs: number): RunStats {
  return {
    serverCpuMs,
    p50: percentile(turns.latencies, 50),
    p95: percentile(turns.latencies, 95),
    p99: percentile(turns.latencies, 99),
    perSecond: turns.turns / turns.seconds,
    events: {
      p50: percentile(turns.eventLatencies, 50),
      p95: percentile(turns.eventLatencies, 95),
      p99: percentile(turns.eventLatencies, 99),
      count: turns.eventLatencies.length,
    },
    healthP50: percentile(health.latencies, 50),
    healthPerSecond: health.turns / health.seconds,
    failures: turns.failures,
  };
}

export async function turnsBench(options: Options): Promise<BenchResult> {
  const started = performance.now();
  const result: BenchResult = {
    name: "turns",
    title: "Turn latency (chat.send over HTTP, PostgreSQL, scripted coach)",
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
  const runs = options.quick ? 1 : 3;
  const turnsAt: Record<(typeof LEVELS)[number], number> = options.quick
    ? { 1: 15, 10: 60, 50: 100 }
    : { 1: 60, 10: 300, 50: 500 };
  log("turns: starting the server (child process) on a fresh PostgreSQL database");
  const server = await startServerProcess("turns");
  const samples = new Map<number, RunStats[]>();
  let profile: { turns: LoadResult; sql: SqlStats } | null = null;
  try {
    const pool = new UserPool(server, "turns");
    const perRun = LEVELS.reduce(
      (sum, level) => sum + Math.ceil(turnsAt[level] / SCRIPT.length) + level,
      0,
    );
    await pool.prepare(perRun * runs + 4);
    await pool.run(1, 20);
    await pool.health(1, 50);
    // Where a turn's time goes: every statement the server sent during sequential turns.
    await server.sql({ reset: true });
    const profiled = await pool.run(1, options.quick ? 15 : 36);
    profile = { turns: profiled, sql: await server.sql({ reset: true }) };
    for (let run = 0; run < runs; run++) {
      for (const level of LEVELS) {
        const health = await pool.health(level, turnsAt[level]);
        pool.record(true);
        const cpuBefore = await server.cpuMicros();
        const turns = await pool.run(level, turnsAt[level]);
        const cpuMs = (await server.cpuMicros()) - cpuBefore;
        pool.record(false);
        if (turns.failures > 0) {
          result.notes.push(
            `${level} users: ${turns.failures} turns failed, e.g. ${turns.firstFailure}`,
          );
        }
        const run_ = stats(turns, health, cpuMs / 1000 / Math.max(1, turns.turns));
        samples.set(level, [...(samples.get(level) ?? []), run_]);
        log(
          `  run ${run + 1}/${runs}, ${level} users: p50 ${run_.p50.toFixed(1)} ms, p99 ${run_.p99.toFixed(1)} ms, ${run_.perSecond.toFixed(1)} turns/s, server CPU ${run_.serverCpuMs.toFixed(2)} ms/turn; events p50 ${run_.events.p50.toFixed(1)} ms`,
        );
      }
    }
  } finally {
    await server.stop();
  }

  const details: { [key: string]: Json } = { ...result.details, coachModel: server.coachModel };
  for (const level of LEVELS) {
    const runsAt = samples.get(level) ?? [];
    const m = (pick: (s: RunStats) => number) => median(runsAt.map(pick));
    const users = `${level} user${level === 1 ? "" : "s"}`;
    const healthP50 = m((s) => s.healthP50);
    const baseline = { label: "health query p50", value: round(healthP50, 2) };
    const atTarget = level === TARGET_LEVEL;
    const latencyRow = (name: string, value: number, target?: number): Row => ({
      metric: `chat.send ${name} · ${users}`,
      value: round(value, 2),
      unit: "ms",
      runs,
      baseline,
      ratio: round(value / healthP50, 2),
      ratioMeaning: "of health",
      ...(atTarget && target !== undefined
        ? { target: `≤ ${target} ms`, met: value <= target }
        : {}),
    });
    result.rows.push(
      latencyRow(
        "p50",
        m((s) => s.p50),
        TARGET_P50_MS,
      ),
      latencyRow(
        "p95",
        m((s) => s.p95),
      ),
      latencyRow(
        "p99",
        m((s) => s.p99),
        TARGET_P99_MS,
      ),
      {
        metric: `turns/s · ${users}`,
        value: round(
          m((s) => s.perSecond),
          1,
        ),
        unit: "turns/s",
        runs,
        baseline: {
          label: "health queries/s",
          value: round(
            m((s) => s.healthPerSecond),
            1,
          ),
        },
      },
      {
        metric: `server CPU per turn · ${users}`,
        value: round(
          m((s) => s.serverCpuMs),
          2,
        ),
        unit: "ms",
        runs,
        note: "user + system CPU of the server process during the turns, per turn",
      },
      {
        metric: `event delivery p50 / p99 · ${users}`,
        value: round(
          m((s) => s.events.p50),
          1,
        ),
        unit: "ms (p50)",
        runs,
        note: `p95 ${m((s) => s.events.p95).toFixed(1)} ms, p99 ${m((s) => s.events.p99).toFixed(1)} ms over ${m((s) => s.events.count)} events per run`,
      },
    );
    details[users] = runsAt.map((s) => ({
      p50: round(s.p50, 2),
      p95: round(s.p95, 2),
      p99: round(s.p99, 2),
      turnsPerSecond: round(s.perSecond, 2),
      events: {
        p50: round(s.events.p50, 2),
        p95: round(s.events.p95, 2),
        p99: round(s.events.p99, 2),
        count: s.events.count,
      },
      healthP50: round(s.healthP50, 2),
      healthPerSecond: round(s.healthPerSecond, 1),
      failures: s.failures,
      serverCpuMsPerTurn: round(s.serverCpuMs, 3),
    }));
  }
  const cpuAtTarget = median((samples.get(TARGET_LEVEL) ?? []).map((s) => s.serverCpuMs));
  if (Number.isFinite(cpuAtTarget)) {
    // A closed loop of N users cannot see a median latency below N × (server CPU per turn)
    // once the server's one thread is the bottleneck: it serves one turn's JavaScript at a time.
    result.notes.push(
      `Bound at ${TARGET_LEVEL} users: the server (one Node thread) spends ${cpuAtTarget.toFixed(1)} ms of CPU per turn, so it serves at most ~${Math.round(1000 / cpuAtTarget)} turns/s and ${TARGET_LEVEL} closed-loop users wait at least ~${(TARGET_LEVEL * cpuAtTarget).toFixed(0)} ms per turn (p50), before the database and the load generator take their share of the ${availableParallelism()} cores. Below that needs less CPU per turn or more server processes (stateless, behind a load balancer) on more cores.`,
    );
  }
  if (profile) {
    const section = profileSection(profile.turns, profile.sql);
    result.sections = [section.text];
    details.profile = section.json;
  }
  result.details = details;
  result.notes.push(
    `Closed loop: each user sends its next turn when the previous one returns; users walk the scripted flow (${SCRIPT.length} turns, then a fresh user). ` +
      "The server runs in a child process (own event loop and memory) on the same machine as the load generator, so both share its cores. " +
      "Event delivery: the event's createdAt (set at insert, inside the action's transaction, so just before commit) to its arrival over SSE.",
  );
  result.durationMs = performance.now() - started;
  return result;
}

/** Statements and database time per turn, by kind, from sequential turns (1 user). */
function profileSection(turns: LoadResult, sql: SqlStats): { text: string; json: Json } {
  const count = Math.max(1, turns.turns);
  const meanLatency = turns.latencies.reduce((a, b) => a + b, 0) / count;
  const kinds = Object.entries(sql.byKind)
    .map(([kind, entry]) => ({ kind, perTurn: entry.count / count, msPerTurn: entry.ms / count }))
    .sort((a, b) => b.msPerTurn - a.msPerTurn);
  const width = Math.max(20, ...kinds.map((k) => k.kind.length));
  const lines = kinds
    .slice(0, 25)
    .map(
      (k) =>
        `${k.kind.padEnd(width)}  ${k.perTurn.toFixed(2).padStart(6)}×  ${k.msPerTurn.toFixed(2).padStart(7)} ms`,
    );
  const statements = sql.statements / count;
  const sqlMs = sql.ms / count;
  return {
    text: [
      `### Where a turn's time goes (1 user, ${turns.turns} sequential turns, every statement the server process sent)`,
      "```",
      ...lines,
      `${"all statements".padEnd(width)}  ${statements.toFixed(1).padStart(6)}×  ${sqlMs.toFixed(2).padStart(7)} ms`,
      `${"turn latency (mean)".padEnd(width)}          ${meanLatency.toFixed(2).padStart(7)} ms`,
      "```",
      "Statement time is measured at the driver (round trip + database); it includes pg-boss's and the note taker's background statements that ran during the turns. The rest of the turn is JavaScript (tRPC, validation, prompt rendering, Prisma's query compiler) and HTTP.",
    ].join("\n"),
    json: {
      turns: turns.turns,
      meanLatencyMs: round(meanLatency, 2),
      statementsPerTurn: round(statements, 2),
      sqlMsPerTurn: round(sqlMs, 2),
      byKind: kinds.map((k) => ({
        kind: k.kind,
        perTurn: round(k.perTurn, 2),
        msPerTurn: round(k.msPerTurn, 3),
      })),
    },
  };
}

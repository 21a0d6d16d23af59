// Several server processes on one PostgreSQL database (`node src/main.ts`, as `pnpm start`
// runs it, scripted coach):
// - turns per second with 1 and with 3 processes at the same closed-loop client load: what a
//   second and third process buy on this machine;
// - cross-process resume: a stream followed on A, left mid-reply, resumed on B with its last
//   id: time from B's subscribe to the next event (p50/p99; target p99 ≤ 100 ms);
// - stop from another process: `chat.stop` on C for a turn streaming on A, until A's follower
//   gets `turn.stopped` (p50/p99; target p99 ≤ 100 ms);
// - database statements per streamed turn, counted at the driver of one server process (the
//   bench harness's child).
import { availableParallelism } from "node:os";
import { issueToken } from "@trellis/api";
import { createDb, type PostgresDb } from "@trellis/db";
import {
  createClient,
  type TrellisClient,
  type TurnStreamEvent,
  type TurnStreamInput,
} from "@trellis/sdk";
import { type ServerProcess, startServerProcess } from "@trellis/server";
import { EventSource } from "eventsource";
import { log } from "../lib/log.ts";
import { createBenchDatabase, postgresUnavailable } from "../lib/postgres.ts";
import type { BenchResult, Row } from "../lib/report.ts";
import { percentile, round } from "../lib/stats.ts";
import { startServerProcess as startProfiledServer } from "../server/harness.ts";

const USERS = 6;
const LATENCY_TARGET_MS = 100;

interface Env {
  [name: string]: string;
}

export async function clusterBench(options: { quick: boolean }): Promise<BenchResult> {
  const started = performance.now();
  const result: BenchResult = {
    name: "cluster",
    title: "Several server processes on one PostgreSQL database (scripted coach)",
    startedAt: new Date().toISOString(),
    durationMs: 0,
    quick: options.quick,
    rows: [],
    notes: [],
    details: { cores: availableParallelism(), users: USERS },
  };
  const why = await postgresUnavailable();
  if (why) {
    result.notes.push(`skipped: ${why}`);
    return result;
  }
  const seconds = options.quick ? 5 : 15;
  const samples = options.quick ? 10 : 30;
  const database = await createBenchDatabase("cluster");
  const db = await createDb({ kind: "postgres", url: database.url });
  try {
    await db.migrate();
    const base: Env = {
      DATABASE_URL: database.url,
      TRELLIS_RATE_USER_CALLS: "10000000",
      TRELLIS_RATE_IP_REQUESTS: "10000000",
      TRELLIS_MAX_SUBSCRIPTIONS_PER_USER: "1000",
    };
    // Throughput: no pause between the scripted words, so the server is the work.
    const rates: number[] = [];
    for (const count of [1, 3]) {
      log(`cluster: ${count} process(es), ${USERS} users, ${seconds} s of chat.send`);
      const rate = await withProcesses(count, { ...base, TRELLIS_SCRIPTED_PACE_MS: "0" }, (all) =>
        turnsPerSecond(db, all, seconds),
      );
      rates.push(rate);
      result.rows.push({
        metric: `turns/s · ${count} process${count === 1 ? "" : "es"} · ${USERS} users`,
        value: round(rate, 1),
        unit: "turns/s",
        runs: 1,
      });
    }
    const [one = 0, three = 0] = rates;
    const ratio = three / Math.max(one, 1e-9);
    result.rows.push({
      metric: "turn rate 3 processes / 1 process",
      value: round(ratio, 2),
      unit: "×",
      runs: 1,
      target: "≥ 1.6× when the server is the bottleneck",
      met: ratio >= 1.6,
    });
    if (ratio < 1.6) {
      result.notes.push(
        `3 processes gave ${ratio.toFixed(2)}× on ${availableParallelism()} cores: the processes, PostgreSQL and the load generator share them, so a process beyond the core count adds no CPU to turn work.`,
      );
    }
    // Resume and stop: words 40 ms apart, so a turn streams long enough to move or stop.
    log(`cluster: 3 processes, ${samples} resumes and ${samples} stops`);
    await withProcesses(3, { ...base, TRELLIS_SCRIPTED_PACE_MS: "40" }, async ([a, b, c]) => {
      if (!a || !b || !c) return;
      const resumes = await resumeLatencies(db, a, b, samples);
      const stops = await stopLatencies(db, a, c, samples);
      result.rows.push(...latencyRows("cross-process resume (next event)", resumes));
      result.rows.push(...latencyRows("stop from another process", stops));
    });
  } finally {
    await db.close();
    await database.drop();
  }
  result.rows.push(await statementsPerStreamedTurn(options.quick ? 10 : 30));
  result.durationMs = performance.now() - started;
  return result;
}

async function withProcesses<T>(
  count: number,
  env: Env,
  use: (processes: ServerProcess[]) => Promise<T>,
): Promise<T> {
  const first = await startServerProcess(env);
  const rest = await Promise.all(Array.from({ length: count - 1 }, () => startServerProcess(env)));
  const all = [first, ...rest];
  try {
    return await use(all);
  } finally {
    await Promise.all(all.map((server) => server.stop()));
  }
}

async function newUser(db: PostgresDb): Promise<string> {
  const user = await db.prisma.user.create({
    data: {
      email: `cluster-${crypto.randomUUID()}@bench.test`,
      firstName: "Ada",
      lastName: "Bench",
      coachState: { create: {} },
    },
    select: { id: true },
  });
  return (await issueToken(db, user.id, "bench")).token;
}

function pick(processes: ServerProcess[], index: number): ServerProcess {
  const server = processes[index % processes.length];
  if (!server) throw new Error("no server process");
  return server;
}

const client = (server: ServerProcess, token: string): TrellisClient =>
  createClient({ url: server.url, token, EventSource });

/** Closed loop: each user sends its next message when the last reply arrives. */
async function turnsPerSecond(
  db: PostgresDb,
  processes: ServerProcess[],
  seconds: number,
): Promise<number> {
  const tokens = await Promise.all(Array.from({ length: USERS }, () => newUser(db)));
  const clients = tokens.map((token, index) => client(pick(processes, index), token));
  // Warm-up: connections, prepared statements, JIT.
  await Promise.all(clients.map((c) => c.chat.send.mutate({ message: "Hello" })));
  let turns = 0;
  const end = performance.now() + seconds * 1000;
  const begin = performance.now();
  await Promise.all(
    clients.map(async (c, index) => {
      let n = 0;
      while (performance.now() < end) {
        await c.chat.send.mutate({ message: `Message ${index}-${n++}` });
        turns++;
      }
    }),
  );
  return turns / ((performance.now() - begin) / 1000);
}

/** Streams until `leave` says so or the turn ends; resolves with the events and their ids. */
function follow(
  c: TrellisClient,
  input: TurnStreamInput,
  leave: (events: TurnStreamEvent[]) => boolean,
  onEvent: (event: TurnStreamEvent) => void = () => {},
): Promise<{ events: TurnStreamEvent[]; lastId: string }> {
  return new Promise((resolve, reject) => {
    const events: TurnStreamEvent[] = [];
    const subscription = c.chat.stream.subscribe(input, {
      onData: ({ id, data }) => {
        events.push(data);
        onEvent(data);
        const last = ["turn.completed", "turn.failed", "turn.stopped"].includes(data.type);
        if (last || leave(events)) {
          subscription.unsubscribe();
          resolve({ events, lastId: id });
        }
      },
      onError: (error) => {
        subscription.unsubscribe();
        reject(error);
      },
    });
  });
}

const deltas = (events: TurnStreamEvent[]) =>
  events.filter((event) => event.type === "message.delta").length;

async function resumeLatencies(
  db: PostgresDb,
  a: ServerProcess,
  b: ServerProcess,
  samples: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const token = await newUser(db);
    const input = { message: "Hello", idempotencyKey: `resume-${i}-${crypto.randomUUID()}` };
    const first = await follow(client(a, token), input, (events) => deltas(events) >= 2);
    const asked = performance.now();
    await follow(client(b, token), { ...input, lastEventId: first.lastId }, () => true);
    latencies.push(performance.now() - asked);
    // The turn ends before the next sample, so that samples do not overlap.
    await follow(client(b, token), { ...input, lastEventId: first.lastId }, () => false);
  }
  return latencies;
}

async function stopLatencies(
  db: PostgresDb,
  a: ServerProcess,
  c: ServerProcess,
  samples: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const token = await newUser(db);
    const input = { message: "Hello", idempotencyKey: `stop-${i}-${crypto.randomUUID()}` };
    let stoppedAt = 0;
    let firstWord = () => {};
    const wordArrived = new Promise<void>((resolve) => {
      firstWord = resolve;
    });
    const streaming = follow(
      client(a, token),
      input,
      () => false,
      (event) => {
        if (event.type === "message.delta") firstWord();
        if (event.type === "turn.stopped") stoppedAt = performance.now();
      },
    );
    await wordArrived;
    const sent = performance.now();
    await client(c, token).chat.stop.mutate({ idempotencyKey: input.idempotencyKey });
    await streaming;
    if (stoppedAt > 0) latencies.push(stoppedAt - sent);
  }
  return latencies;
}

function latencyRows(name: string, values: number[]): Row[] {
  const p50 = percentile(values, 50);
  const p99 = percentile(values, 99);
  return [
    { metric: `${name} p50`, value: round(p50, 1), unit: "ms", runs: values.length },
    {
      metric: `${name} p99`,
      value: round(p99, 1),
      unit: "ms",
      runs: values.length,
      target: `≤ ${LATENCY_TARGET_MS} ms`,
      met: p99 <= LATENCY_TARGET_MS,
    },
  ];
}

/** Statements one server process sends per streamed turn (sequential turns, 1 user). */
async function statementsPerStreamedTurn(turns: number): Promise<Row> {
  const server = await startProfiledServer("clustersql");
  try {
    const [user] = await server.newUsers(1, "sql");
    if (!user) throw new Error("no user");
    const c = createClient({ url: server.url, token: user.token, EventSource });
    const turn = (n: number) =>
      follow(c, { message: `Message ${n}`, idempotencyKey: `s-${n}` }, () => false);
    await turn(-1);
    await server.sql({ reset: true });
    for (let n = 0; n < turns; n++) await turn(n);
    const sql = await server.sql({ reset: true });
    return {
      metric: "statements per streamed turn (1 process, sequential)",
      value: round(sql.statements / turns, 1),
      unit: "statements",
      runs: turns,
      note: "every statement the server process sent, background jobs included",
    };
  } finally {
    await server.stop();
  }
}

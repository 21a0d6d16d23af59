// Streaming turns: chat.stream over HTTP (SDK, SSE) against the real server in a child process
// on PostgreSQL, whose model is an OpenAI-compatible server (the repo's fake, in this process)
// that streams its reply at a fixed pace. Both ends of each measurement are taken here, on one
// clock: when the fake wrote a chunk, and when the client received the matching event.
//
// - overhead to the first word: client's first `message.delta` − the model's chunk holding the
//   message's first character (what the server adds: the openai SDK's SSE parse, the partial-JSON read, the
//   event's way out over tRPC's SSE). Target at 10 concurrent streams: p50 ≤ 5 ms, p99 ≤ 20 ms.
// - delta throughput: `message.delta` events per second reaching clients, all streams together.
// - tail: `turn.completed` − the model's last content chunk (the rest of the reply, parse and
//   validation, storing the message, applying no actions, reading the new state).
import { availableParallelism } from "node:os";
import { fakeReply, startFakeOpenAI } from "@trellis/ai/testing";
import { createClient, type TrellisClient, turnEvents } from "@trellis/sdk";
import { EventSource } from "eventsource";
import { log } from "../lib/log.ts";
import { postgresUnavailable } from "../lib/postgres.ts";
import type { BenchResult, Json } from "../lib/report.ts";
import { percentile, round } from "../lib/stats.ts";
import { startServerProcess } from "../server/harness.ts";

const LEVELS = [1, 10] as const;
const PACE_MS = 20;
const CHUNK_CHARS = 4;
const TARGET_LEVEL = 10;
const TARGET_P50_MS = 5;
const TARGET_P99_MS = 20;
/** The reply every turn gets: valid in every phase (no actions), 60 content chunks. */
const REPLY = {
  message:
    "Thank you for sharing that with me. Let us take a moment and look at what matters " +
    "most to you right now, and then we will decide together where to start today.",
  actions: [],
};
const REPLY_TEXT = JSON.stringify(REPLY);
/** The chunk (1 is the first of content) holding the message's first character. */
const FIRST_WORD_CHUNK = Math.floor(REPLY_TEXT.indexOf(REPLY.message) / CHUNK_CHARS) + 1;
/** The last chunk of content: the reply's last token. */
const CONTENT_CHUNKS = Math.ceil(REPLY_TEXT.length / CHUNK_CHARS);

interface TurnTimes {
  firstToken?: number;
  lastToken?: number;
  firstDelta?: number;
  completed?: number;
  deltas: number;
}

export async function streamBench(options: { quick: boolean }): Promise<BenchResult> {
  const started = performance.now();
  const result: BenchResult = {
    name: "stream",
    title: "Streaming turns (chat.stream over HTTP, PostgreSQL, a model streaming at a fixed pace)",
    startedAt: new Date().toISOString(),
    durationMs: 0,
    quick: options.quick,
    rows: [],
    notes: [],
    details: { cores: availableParallelism(), paceMs: PACE_MS, chunkChars: CHUNK_CHARS },
  };
  const why = await postgresUnavailable();
  if (why) {
    result.notes.push(`skipped: ${why}`);
    return result;
  }
  const times = new Map<string, TurnTimes>();
  const fake = await startFakeOpenAI({
    respond: (body) => {
      const said = body.messages.at(-1)?.content;
      const key = /bench (t\d+)/.exec(typeof said === "string" ? said : "")?.[1] ?? "?";
      const turn = times.get(key) ?? { deltas: 0 };
      times.set(key, turn);
      return fakeReply.json(REPLY, {
        stream: {
          chunkSize: CHUNK_CHARS,
          paceMs: PACE_MS,
          onChunk: (index) => {
            if (index === FIRST_WORD_CHUNK) turn.firstToken = performance.now();
            if (index === CONTENT_CHUNKS) turn.lastToken = performance.now();
          },
        },
      });
    },
  });
  log("stream: starting the server (child process) on PostgreSQL, model: the paced fake");
  const server = await startServerProcess("stream", { openaiBaseURL: fake.url });
  const turnsPerStream = options.quick ? 3 : 10;
  let counter = 0;
  const details: { [key: string]: Json } = { ...result.details };
  try {
    const users = await server.newUsers(Math.max(...LEVELS) + 1, "stream");
    const clients = users.map((user) =>
      createClient({ url: server.url, token: user.token, EventSource }),
    );
    const turn = async (client: TrellisClient): Promise<string> => {
      const key = `t${++counter}`;
      const mine: TurnTimes = times.get(key) ?? { deltas: 0 };
      times.set(key, mine);
      for await (const event of turnEvents(client, { message: `bench ${key}` })) {
        if (event.type === "message.delta") {
          mine.firstDelta ??= performance.now();
          mine.deltas++;
        } else if (event.type === "turn.completed") mine.completed = performance.now();
        else if (event.type === "turn.failed") throw new Error(event.error.message);
      }
      return key;
    };
    // Warm-up: connections, prepared statements, JIT.
    const warm = clients.at(-1);
    if (warm) for (let i = 0; i < 2; i++) await turn(warm);
    for (const level of LEVELS) {
      const keys: string[] = [];
      const begin = performance.now();
      await Promise.all(
        clients.slice(0, level).map(async (client) => {
          for (let i = 0; i < turnsPerStream; i++) keys.push(await turn(client));
        }),
      );
      const seconds = (performance.now() - begin) / 1000;
      const measured = keys.flatMap((key) => {
        const t = times.get(key);
        return t?.firstToken !== undefined &&
          t.firstDelta !== undefined &&
          t.lastToken !== undefined &&
          t.completed !== undefined
          ? [
              {
                ...t,
                firstToken: t.firstToken,
                firstDelta: t.firstDelta,
                lastToken: t.lastToken,
                completed: t.completed,
              },
            ]
          : [];
      });
      const overhead = measured.map((t) => t.firstDelta - t.firstToken);
      const tail = measured.map((t) => t.completed - t.lastToken);
      const deltas = measured.reduce((sum, t) => sum + t.deltas, 0);
      const p50 = percentile(overhead, 50);
      const p99 = percentile(overhead, 99);
      const atTarget = level === TARGET_LEVEL;
      const label = `${level} concurrent stream${level === 1 ? "" : "s"}`;
      result.rows.push(
        {
          metric: `first word overhead p50 · ${label}`,
          value: round(p50),
          unit: "ms",
          runs: overhead.length,
          ...(atTarget ? { target: `≤ ${TARGET_P50_MS} ms`, met: p50 <= TARGET_P50_MS } : {}),
        },
        {
          metric: `first word overhead p99 · ${label}`,
          value: round(p99),
          unit: "ms",
          runs: overhead.length,
          ...(atTarget ? { target: `≤ ${TARGET_P99_MS} ms`, met: p99 <= TARGET_P99_MS } : {}),
        },
        {
          metric: `deltas delivered · ${label}`,
          value: round(deltas / seconds, 1),
          unit: "deltas/s",
          runs: 1,
          note: `model pace ${1000 / PACE_MS} chunks/s per stream`,
        },
        {
          metric: `last token → turn.completed p50 · ${label}`,
          value: round(percentile(tail, 50)),
          unit: "ms",
          runs: tail.length,
        },
        {
          metric: `last token → turn.completed p99 · ${label}`,
          value: round(percentile(tail, 99)),
          unit: "ms",
          runs: tail.length,
        },
      );
      details[`level${level}`] = {
        turns: keys.length,
        measured: measured.length,
        overheadMs: overhead.map((v) => round(v)),
        tailMs: tail.map((v) => round(v)),
      };
      log(
        `  ${label}: first word +${p50.toFixed(1)} ms p50, +${p99.toFixed(1)} ms p99; ${(deltas / seconds).toFixed(0)} deltas/s; tail p50 ${percentile(tail, 50).toFixed(1)} ms`,
      );
    }
  } finally {
    await server.stop();
    await fake.close();
  }
  result.details = details;
  result.notes.push(
    "The fake model and the clients share this process (and the machine's cores with the server).",
  );
  result.durationMs = performance.now() - started;
  return result;
}

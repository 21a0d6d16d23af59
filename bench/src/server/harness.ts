// Starts the server in a child process on a fresh PostgreSQL database (migrated here first),
// creates users with API tokens, asks the child for its memory, and tears everything down.
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { issueToken } from "@trellis/api";
import { createDb, type PostgresDb } from "@trellis/db";
import { createBenchDatabase } from "../lib/postgres.ts";
import { type FromServer, isFromServer, type MemorySample, type ToServer } from "./protocol.ts";
import type { SqlStats } from "./sql-stats.ts";

export interface BenchUser {
  userId: string;
  token: string;
}

export interface ServerProcess {
  url: string;
  coachModel: string;
  pid: number;
  /** The bench's own connection to the server's database (setup, not measured). */
  db: PostgresDb;
  newUsers(count: number, label: string): Promise<BenchUser[]>;
  memory(options?: { gc?: boolean }): Promise<MemorySample>;
  /** SQL statements the server sent since the last reset (by kind, with time). */
  sql(options?: { reset?: boolean }): Promise<SqlStats>;
  /** CPU time (user + system, µs) the server process has used since it started. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;

function waitFor<T extends FromServer["type"]>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`bench server: no '${type}' message within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: unknown) => {
      if (!isFromServer(message)) return;
      if (message.type === "error") {
        cleanup();
        reject(new Error(`bench server failed: ${message.message}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message as Extract<FromServer, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bench server exited (${code}) before '${type}'`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

export async function startServerProcess(
  label: string,
  options: { openaiBaseURL?: string } = {},
): Promise<ServerProcess> {
  const database = await createBenchDatabase(label);
  const db = await createDb({ kind: "postgres", url: database.url });
  let child: ChildProcess | undefined;
  try {
    await db.migrate();
    child = fork(join(import.meta.dirname, "child.ts"), [], {
      execArgv: ["--expose-gc"],
      env: {
        ...process.env,
        TRELLIS_BENCH_DATABASE_URL: database.url,
        ...(options.openaiBaseURL ? { TRELLIS_BENCH_OPENAI_URL: options.openaiBaseURL } : {}),
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ready = await waitFor(child, "ready", READY_TIMEOUT_MS);
    const running = child;
    let counter = 0;
    const stop = async () => {
      if (running.exitCode === null) {
        const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
        const message: ToServer = { type: "stop" };
        running.send(message);
        const timer = setTimeout(() => running.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await db.close();
      await database.drop();
    };
    return {
      url: ready.url,
      coachModel: ready.coachModel,
      pid: running.pid ?? -1,
      db,
      async newUsers(count, name) {
        const users: BenchUser[] = [];
        for (let index = 0; index < count; index++) {
          counter++;
          const user = await db.prisma.user.create({
            data: {
              email: `bench-${name}-${counter}-${Date.now()}@bench.test`,
              firstName: "Ada",
              lastName: `${name} ${counter}`,
              coachState: { create: {} },
            },
            select: { id: true },
          });
          const issued = await issueToken(db, user.id, "bench");
          users.push({ userId: user.id, token: issued.token });
        }
        return users;
      },
      async memory({ gc = true } = {}) {
        const reply = waitFor(running, "memory", 30_000);
        const message: ToServer = { type: "memory", gc };
        running.send(message);
        return (await reply).sample;
      },
      async sql({ reset = true } = {}) {
        const reply = waitFor(running, "sql", 30_000);
        const message: ToServer = { type: "sql", reset };
        running.send(message);
        return (await reply).stats;
      },
      async cpuMicros() {
        const reply = waitFor(running, "cpu", 30_000);
        const message: ToServer = { type: "cpu" };
        running.send(message);
        return (await reply).micros;
      },
      stop,
    };
  } catch (error) {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await db.close();
    await database.drop();
    throw error;
  }
}

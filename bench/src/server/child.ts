// The Trellis server as production runs it (apps/server's startServer on the runtime it
// composes: PostgreSQL, LISTEN/NOTIFY event bus, pg-boss note queue, scripted coach because
// no OPENAI_API_KEY is passed), in a process of its own so that its memory is its own and the
// load generator does not share its event loop. Started by harness.ts with --expose-gc.
import { createDb } from "@trellis/db";
import { createRuntime, silentLogger, startServer } from "@trellis/server";
import { type FromServer, isToServer, type MemorySample } from "./protocol.ts";
import { installSqlStats, takeSqlStats } from "./sql-stats.ts";

function send(message: FromServer): void {
  process.send?.(message);
}

function memory(gc: boolean): MemorySample {
  const collect = globalThis.gc;
  if (gc && collect) {
    // Twice: the first pass can leave finalizable objects for the second.
    collect();
    collect();
  }
  const usage = process.memoryUsage();
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    gc: gc && collect !== undefined,
  };
}

installSqlStats();
const url = process.env.TRELLIS_BENCH_DATABASE_URL;
if (!url) throw new Error("TRELLIS_BENCH_DATABASE_URL is not set");
try {
  const db = await createDb({ kind: "postgres", url });
  const runtime = await createRuntime({
    db,
    onError: (error, context) =>
      process.stderr.write(
        `bench server: ${context}: ${error instanceof Error ? error.message : String(error)}\n`,
      ),
  });
  const server = await startServer({
    runtime,
    logger: silentLogger,
    port: 0,
    host: "127.0.0.1",
    // The load generator is one client address and a few users: limits far above its load
    // (still counted in the database, as in production).
    limits: {
      userCallsPerWindow: 10_000_000,
      ipRequestsPerWindow: 10_000_000,
      concurrentTurnsPerUser: 10_000,
      subscriptionsPerUser: 10_000,
    },
  });
  process.on("message", (message: unknown) => {
    if (!isToServer(message)) return;
    if (message.type === "memory") {
      send({ type: "memory", sample: memory(message.gc) });
      return;
    }
    if (message.type === "sql") {
      send({ type: "sql", stats: takeSqlStats(message.reset) });
      return;
    }
    if (message.type === "cpu") {
      const usage = process.cpuUsage();
      send({ type: "cpu", micros: usage.user + usage.system });
      return;
    }
    void (async () => {
      await server.close();
      await runtime.close();
      await db.close();
      process.exit(0);
    })();
  });
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready", url: server.url, coachModel: runtime.coachModelName });
} catch (error) {
  send({
    type: "error",
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
}

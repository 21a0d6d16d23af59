// `pnpm start`: configuration from the environment, the database (embedded PGlite in .data/ by
// default, or DATABASE_URL) migrated, the demo account seeded, the runtime composed
// (./runtime.ts: OpenAI with OPENAI_API_KEY, else the scripted coach) and the HTTP server.
// SIGINT/SIGTERM close it all.
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { PriceTable } from "@trellis/ai";
import { createDb, DataDirLockedError } from "@trellis/db";
import { unknownPendingAdvice, unknownPendingTypes } from "@trellis/engine";
import { ConfigError, configFromEnv } from "./config.ts";
import { createLogger } from "./logger.ts";
import { ServerMetrics } from "./metrics.ts";
import { type MetricsServer, startMetricsServer } from "./metrics-server.ts";
import { createRuntime } from "./runtime.ts";
import { seedDemoAccount } from "./seed.ts";
import { startServer } from "./server.ts";
import { startTelemetry } from "./telemetry.ts";

async function main(): Promise<void> {
  let config: ReturnType<typeof configFromEnv>;
  try {
    config = configFromEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // First: spans of everything below are recorded (when an OTLP endpoint is configured).
  const telemetry = startTelemetry();
  const logger = createLogger({
    level: config.logLevel,
    redactUserText: config.log.redactUserText,
    redactPaths: config.log.redactPaths,
    ...(config.log.pretty === undefined ? {} : { pretty: config.log.pretty }),
  });
  // Read before anything starts: a broken price file stops the start with its reason.
  const prices = config.usage.pricesFile
    ? PriceTable.fromFile(config.usage.pricesFile)
    : PriceTable.fromFile();
  const metrics = new ServerMetrics();
  const db = await createDb(config.db).catch((error: unknown) => {
    if (!(error instanceof DataDirLockedError)) throw error;
    process.stderr.write(`Trellis did not start: ${error.message}\n`);
    process.exit(1);
  });
  const where = config.db.kind === "pglite" ? config.db.dataDir : "DATABASE_URL";
  const applied = await db.migrate();
  logger.info("database ready", { kind: db.kind, where, migrationsApplied: applied.length });
  // Confirmations proposed under an action name that a rename (without renamedFrom) dropped.
  for (const unknown of await unknownPendingTypes(db)) {
    logger.warn(unknownPendingAdvice(unknown), { type: unknown.type, count: unknown.count });
  }

  const runtime = await createRuntime({
    db,
    models: config.models,
    noteQueue: { heartbeatSeconds: config.noteHeartbeatSeconds },
    maxAttempts: config.maxAttempts,
    scriptedPaceMs: config.scriptedPaceMs,
    turnMode: config.turnMode,
    usage: { prices, budgets: config.usage.budgets },
    observer: metrics.observer,
    onError: (error, context) => logger.error("background failure", { context, error }),
  });
  metrics.watch(runtime);
  // The last start's token stays valid (browsers signed in with it stay signed in).
  const account = await seedDemoAccount(db, await savedDemoToken(config.demoFile));
  // `pnpm start` builds apps/web first (turbo: only when its sources changed).
  const webDir =
    config.webDir !== null && existsSync(join(config.webDir, "index.html")) ? config.webDir : null;
  const server = await startServer({
    runtime,
    logger,
    port: config.port,
    host: config.host,
    corsOrigins: config.corsOrigins,
    maxBatchSize: config.maxBatchSize,
    limits: config.limits,
    ...(webDir ? { webDir, webSourceMaps: config.webSourceMaps } : {}),
    metrics,
    ...(config.metrics.token ? { metricsToken: config.metrics.token } : {}),
  });
  let metricsServer: MetricsServer | null = null;
  if (config.metrics.port !== undefined) {
    metricsServer = await startMetricsServer({
      metrics,
      logger,
      port: config.metrics.port,
      host: config.metrics.host,
    });
    logger.info("metrics listening", { url: `${metricsServer.url}/metrics` });
  }
  logger.info("server listening", {
    tracing: telemetry.enabled ? "otlp" : "off",
    url: server.url,
    coachModel: runtime.coachModelName,
    demoUser: account.email,
  });

  await mkdir(dirname(config.demoFile), { recursive: true });
  await writeFile(
    config.demoFile,
    `${JSON.stringify({ url: server.url, token: account.token, userId: account.userId }, null, 2)}\n`,
    { mode: 0o600 },
  );
  await chmod(config.demoFile, 0o600);
  process.stderr.write(
    [
      "",
      `  Trellis is running at ${server.url}  (coach model: ${runtime.coachModelName})`,
      webDir
        ? `  Open the app, signed in as the demo user: ${server.url}/#token=${account.token}`
        : `  No web app in ${config.webDir ?? "(TRELLIS_WEB_DIR=none)"}: the API only.`,
      `  Demo user ${account.email} (admin), API token (${account.kept ? "kept from the last start" : "new"}):`,
      `    ${account.token}`,
      `  Saved for \`pnpm demo\` in ${config.demoFile}`,
      `  Try: curl ${server.url}/health`,
      "",
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal, inFlight: server.inFlight });
    try {
      await server.close();
      await metricsServer?.close();
      await runtime.close();
      await db.close();
      await telemetry.shutdown();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error("shutdown failed", { error });
      process.exit(1);
    }
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** The token the last start wrote into the demo file, if it is there. */
async function savedDemoToken(file: string): Promise<string | null> {
  try {
    const saved: unknown = JSON.parse(await readFile(file, "utf8"));
    if (typeof saved !== "object" || saved === null || !("token" in saved)) return null;
    return typeof saved.token === "string" ? saved.token : null;
  } catch {
    return null;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Trellis failed to start: ${error instanceof Error ? error.stack : error}\n`,
  );
  process.exit(1);
});

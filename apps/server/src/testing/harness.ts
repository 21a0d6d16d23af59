// The one in-process test harness, for the server's tests and the web app's browser tests: a
// real HTTP server on a test database with the scripted coach (or the models given), users with
// tokens, SDK clients (SSE through the `eventsource` package), and a stop and a restart on the
// same port for tests of a server that goes away and comes back.
import type { CoachModel, ModelConfig, NoteModel } from "@trellis/ai";
import { issueToken, type LimitsConfig } from "@trellis/api";
import { createClient, type TrellisClient } from "@trellis/sdk";
import { createTestDb, createTestUser, type TestDb } from "@trellis/testing";
import { EventSource } from "eventsource";
import { type Logger, silentLogger } from "../logger.ts";
import { ServerMetrics } from "../metrics.ts";
import { createRuntime, type Runtime, type RuntimeOptions, type TurnMode } from "../runtime.ts";
import { type RunningServer, startServer } from "../server.ts";

export interface TestUser {
  userId: string;
  token: string;
  tokenId: string;
  client: TrellisClient;
}

export interface Harness {
  db: TestDb;
  runtime: Runtime;
  /** The server now listening (a new one after `restartServer`). */
  readonly server: RunningServer;
  url: string;
  newUser(options?: { role?: "user" | "admin"; firstName?: string }): Promise<TestUser>;
  client(token: string): TrellisClient;
  /** Closes the HTTP server (the database and runtime stay): clients see it gone. */
  stopServer(): Promise<void>;
  /** Listens again on the same port after `stopServer`. */
  restartServer(): Promise<void>;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  models?: ModelConfig;
  coachModel?: CoachModel;
  noteModel?: NoteModel;
  /** The scripted coach streams its reply a word every so many ms. */
  scriptedPaceMs?: number;
  logger?: Logger;
  corsOrigins?: string[];
  tokenRecheckMs?: number;
  maxBatchSize?: number;
  limits?: Partial<LimitsConfig>;
  /** Short by default, so disposing never waits long; raise it where close() is the subject. */
  closeGraceMs?: number;
  /** Another harness's database: a second server process on it (left open on dispose). */
  db?: TestDb;
  turnMode?: TurnMode;
  /** Prices and budgets of the usage ledger. */
  usage?: RuntimeOptions["usage"];
  /** Metrics fed by the runtime and the server, served to this token at /metrics. */
  metricsToken?: string;
  /** The built web app, served on the same origin. */
  webDir?: string;
}

/**
 * Limits far above what a test file does (still counted in the database): tests of other
 * behaviour never meet a 429; tests of the limits set small ones.
 */
export const generousLimits: Partial<LimitsConfig> = {
  userCallsPerWindow: 1_000_000,
  ipRequestsPerWindow: 1_000_000,
  concurrentTurnsPerUser: 1_000,
  subscriptionsPerUser: 1_000,
};

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const db = options.db ?? (await createTestDb());
  const metrics = options.metricsToken ? new ServerMetrics() : undefined;
  const runtime = await createRuntime({
    db,
    // Harnesses share a test process: a loaded machine stalls all their heartbeats at once, and
    // a live harness must not be reaped as dead. Deaths are the subject of the server's
    // cluster.test.ts, with real processes and the default.
    processes: { deadAfterMs: 60_000 },
    ...(options.usage ? { usage: options.usage } : {}),
    ...(metrics ? { observer: metrics.observer } : {}),
    ...(options.models ? { models: options.models } : {}),
    ...(options.coachModel ? { coachModel: options.coachModel } : {}),
    ...(options.noteModel ? { noteModel: options.noteModel } : {}),
    ...(options.turnMode ? { turnMode: options.turnMode } : {}),
    ...(options.scriptedPaceMs !== undefined ? { scriptedPaceMs: options.scriptedPaceMs } : {}),
  });
  const serve = (port: number) =>
    startServer({
      runtime,
      logger: options.logger ?? silentLogger,
      port,
      host: "127.0.0.1",
      closeGraceMs: options.closeGraceMs ?? 2_000,
      ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
      ...(options.tokenRecheckMs ? { tokenRecheckMs: options.tokenRecheckMs } : {}),
      ...(options.maxBatchSize ? { maxBatchSize: options.maxBatchSize } : {}),
      ...(options.webDir ? { webDir: options.webDir } : {}),
      limits: { ...generousLimits, ...options.limits },
      ...(metrics ? { metrics, metricsToken: options.metricsToken } : {}),
    });
  const first = await serve(0);
  let listening: RunningServer | null = first;
  metrics?.watch(runtime);
  const client = (token: string) => createClient({ url: first.url, token, EventSource });
  return {
    db,
    runtime,
    get server() {
      return listening ?? first;
    },
    url: first.url,
    client,
    async newUser({ role = "user", firstName = "Ada" } = {}) {
      const userId = await createTestUser(db, { firstName, role });
      const issued = await issueToken(db, userId, "test");
      return {
        userId,
        token: issued.token,
        tokenId: issued.tokenId,
        client: client(issued.token),
      };
    },
    async stopServer() {
      await listening?.close();
      listening = null;
    },
    async restartServer() {
      listening ??= await serve(first.port);
    },
    async dispose() {
      await listening?.close();
      listening = null;
      await runtime.close();
      if (!options.db) await db.dispose();
    },
  };
}

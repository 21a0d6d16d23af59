// End-to-end harness: a real HTTP server on port 0, on a test database, with the scripted
// coach; users with tokens; SDK clients (SSE through the `eventsource` package).
import { type CoachModel, type ModelConfig, type NoteModel, ScriptedNoteModel } from "@trellis/ai";
import { type FakeOpenAI, startFakeOpenAI } from "@trellis/ai/testing";
import { issueToken, type LimitsConfig } from "@trellis/api";
import { createClient, type TrellisClient } from "@trellis/sdk";
import { createTestDb, createTestUser, type TestDb } from "@trellis/testing";
import { EventSource } from "eventsource";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { type Logger, silentLogger } from "../src/logger.ts";
import { ServerMetrics } from "../src/metrics.ts";
import { createRuntime, type Runtime, type RuntimeOptions, type TurnMode } from "../src/runtime.ts";
import { type RunningServer, startServer } from "../src/server.ts";

export interface TestUser {
  userId: string;
  token: string;
  tokenId: string;
  client: TrellisClient;
}

export interface Harness {
  db: TestDb;
  runtime: Runtime;
  server: RunningServer;
  url: string;
  newUser(options?: { role?: "user" | "admin"; firstName?: string }): Promise<TestUser>;
  client(token: string): TrellisClient;
  dispose(): Promise<void>;
}

/**
 * Limits far above what a test file does (still counted in the database): tests of other
 * behaviour never meet a 429; limits.test.ts sets small ones.
 */
export const generousLimits: Partial<LimitsConfig> = {
  userCallsPerWindow: 1_000_000,
  ipRequestsPerWindow: 1_000_000,
  concurrentTurnsPerUser: 1_000,
  subscriptionsPerUser: 1_000,
};

export async function startHarness(
  options: {
    models?: ModelConfig;
    coachModel?: CoachModel;
    noteModel?: NoteModel;
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
  } = {},
): Promise<Harness> {
  const db = options.db ?? (await createTestDb());
  const metrics = options.metricsToken ? new ServerMetrics() : undefined;
  const runtime = await createRuntime({
    db,
    // Harnesses share this test process: a loaded machine stalls all their heartbeats at once,
    // and a live harness must not be reaped as dead. Deaths are cluster.test.ts's subject, with
    // real processes and the default.
    processes: { deadAfterMs: 60_000 },
    ...(options.usage ? { usage: options.usage } : {}),
    ...(metrics ? { observer: metrics.observer } : {}),
    ...(options.models ? { models: options.models } : {}),
    ...(options.coachModel ? { coachModel: options.coachModel } : {}),
    ...(options.noteModel ? { noteModel: options.noteModel } : {}),
    ...(options.turnMode ? { turnMode: options.turnMode } : {}),
  });
  const server = await startServer({
    runtime,
    logger: options.logger ?? silentLogger,
    port: 0,
    host: "127.0.0.1",
    closeGraceMs: options.closeGraceMs ?? 2_000,
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    ...(options.tokenRecheckMs ? { tokenRecheckMs: options.tokenRecheckMs } : {}),
    ...(options.maxBatchSize ? { maxBatchSize: options.maxBatchSize } : {}),
    limits: { ...generousLimits, ...options.limits },
    ...(metrics ? { metrics, metricsToken: options.metricsToken } : {}),
  });
  metrics?.watch(runtime);
  const client = (token: string) => createClient({ url: server.url, token, EventSource });
  return {
    db,
    runtime,
    server,
    url: server.url,
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
    async dispose() {
      await server.close();
      await runtime.close();
      if (!options.db) await db.dispose();
    },
  };
}

/**
 * Resolves when `check` returns true (polled), or fails after `timeoutMs`: generous, since it
 * detects what never happens, and a busy machine must not look like that.
 */
export function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  return vi.waitFor(
    async () => {
      if (!(await check())) throw new Error("waitFor: the condition does not hold yet");
    },
    { timeout: timeoutMs, interval: 20 },
  );
}

/** The tRPC error code of a rejected call (UNAUTHORIZED, NOT_FOUND …). */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (error === null) throw new Error("expected the call to fail");
  if (typeof error === "object" && "data" in error) {
    const data = error.data;
    if (
      typeof data === "object" &&
      data !== null &&
      "code" in data &&
      typeof data.code === "string"
    ) {
      return data.code;
    }
  }
  throw error;
}

/** Gives the user an identity and a pending "I am" suggestion (as the coach would). */
export async function seedPending(
  h: Harness,
  userId: string,
): Promise<{ identityId: string; pendingActionId: string }> {
  const { engine, db } = h.runtime;
  await db.prisma.coachState.update({
    where: { userId },
    data: { phase: "identity_brainstorming" },
  });
  const created = await engine.execute({
    userId,
    type: "create_identity",
    params: { name: "Runner", category: "physical_expression" },
    invoker: "coach",
  });
  if (created.status !== "completed") throw new Error(`seed failed: ${created.summary}`);
  const identity = await db.prisma.identity.findFirstOrThrow({ where: { userId } });
  await db.prisma.coachState.update({ where: { userId }, data: { phase: "i_am_statement" } });
  const suggested = await engine.execute({
    userId,
    type: "suggest_i_am_statement",
    params: { identityId: identity.id, statement: "I am a runner who runs at dawn." },
    invoker: "coach",
  });
  if (suggested.status !== "pending_confirmation") throw new Error("seed: no pending action");
  return { identityId: identity.id, pendingActionId: suggested.pendingActionId };
}

/**
 * Waits for the note taker: it runs after each turn in the background (a pg-boss queue,
 * polled), so its actions and events land after chat.send has returned.
 */
export async function settled(h: Harness): Promise<void> {
  await h.runtime.noteQueue.drain();
}

type HarnessOptions = NonNullable<Parameters<typeof startHarness>[0]>;

/**
 * A test file's server whose coach is the real OpenAI provider (the `openai` SDK, no retries)
 * against the fake OpenAI-compatible server: both start before the file's tests and close after
 * them, and the fake's recorded requests are cleared after each test.
 */
export function useFakeOpenAIHarness(options: Omit<HarnessOptions, "models"> = {}): {
  readonly h: Harness;
  readonly fake: FakeOpenAI;
} {
  const apiKey = "sk-test-trellis";
  let harness: Harness | undefined;
  let server: FakeOpenAI | undefined;
  beforeAll(async () => {
    server = await startFakeOpenAI({ apiKey });
    harness = await startHarness({
      noteModel: new ScriptedNoteModel(),
      ...options,
      models: { openaiApiKey: apiKey, baseURL: server.url, model: "gpt-test", maxRetries: 0 },
    });
  });
  afterAll(async () => {
    await harness?.dispose();
    await server?.close();
  });
  afterEach(() => {
    if (server) server.requests.length = 0;
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useFakeOpenAIHarness: used before its beforeAll ran");
    return value;
  };
  return {
    get h() {
      return started(harness);
    },
    get fake() {
      return started(server);
    },
  };
}

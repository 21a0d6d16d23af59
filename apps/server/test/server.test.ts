// The HTTP server itself: health, unknown paths, graceful shutdown; configuration from the
// environment; the demo account `pnpm start` seeds.
import { type CoachModel, ScriptedCoachModel } from "@trellis/ai";
import { authenticate } from "@trellis/api";
import { createDb } from "@trellis/db";
import { testDatabaseKind } from "@trellis/testing";
import { describe, expect, it } from "vitest";
import { ConfigError, configFromEnv } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { DEMO_EMAIL, seedDemoAccount } from "../src/seed.ts";
import { startHarness, waitFor } from "./support.ts";

/**
 * The scripted coach, held until the test releases it: the turn is certainly in flight when the
 * server starts closing, however slow the machine (a fixed delay made that a race).
 */
class GatedCoach implements CoachModel {
  readonly name = "gated";
  readonly #inner = new ScriptedCoachModel();
  readonly #gate = Promise.withResolvers<void>();
  started = false;
  release(): void {
    this.#gate.resolve();
  }
  async respond(input: Parameters<CoachModel["respond"]>[0]): Promise<string> {
    this.started = true;
    await this.#gate.promise;
    return this.#inner.respond(input);
  }
}

describe("server", () => {
  it("closes gracefully: in-flight requests finish, subscriptions end, new ones are refused", async () => {
    const coach = new GatedCoach();
    const lines: string[] = [];
    const h = await startHarness({
      coachModel: coach,
      logger: createLogger({ write: (line) => lines.push(line) }),
      // Far beyond a turn on a busy machine: only a close() that did not wait could drop it.
      closeGraceMs: 120_000,
    });
    try {
      const user = await h.newUser();
      let completed = false;
      let started = false;
      user.client.events.subscribe.subscribe(undefined, {
        onStarted: () => {
          started = true;
        },
        onComplete: () => {
          completed = true;
        },
      });
      await waitFor(() => started);
      const turn = user.client.chat.send.mutate({ message: "Hello" });
      await waitFor(() => coach.started);
      const closing = h.server.close();
      coach.release();
      await closing;
      // Nothing had to be dropped: close() waited for the turn, not for the grace period.
      expect(lines.filter((line) => line.includes('"level":"warn"'))).toEqual([]);
      expect((await turn).coachMessage.content).toContain("Hi Ada");
      await waitFor(() => completed);
      await expect(fetch(`${h.url}/health`)).rejects.toThrow();
    } finally {
      await h.dispose();
    }
  }, 120_000); // A harness of its own, every database statement real: slow on a loaded machine.

  it("answers /health with the database status", async () => {
    const h = await startHarness();
    try {
      const ok = await fetch(`${h.url}/health`);
      expect([ok.status, await ok.json()]).toEqual([200, { status: "ok", db: true, events: true }]);
      const post = await fetch(`${h.url}/health`, { method: "POST" });
      expect(post.status).toBe(405);
      await h.db.close();
      const down = await fetch(`${h.url}/health`);
      expect([down.status, await down.json()]).toEqual([
        503,
        { status: "degraded", db: false, events: true },
      ]);
    } finally {
      await h.server.close();
      await h.runtime.close().catch(() => {});
      await h.db.dispose().catch(() => {});
    }
  });

  it.runIf(testDatabaseKind() === "postgres")(
    "reports the event bus down on /health while its listener reconnects",
    async () => {
      const h = await startHarness();
      if (h.db.kind !== "postgres") throw new Error("expected PostgreSQL");
      // Outside the test's database: it is the one that stops accepting connections.
      const adminUrl = new URL(h.db.url);
      const name = decodeURIComponent(adminUrl.pathname.slice(1));
      adminUrl.pathname = "/postgres";
      const admin = await createDb({ kind: "postgres", url: adminUrl.toString() });
      if (admin.kind !== "postgres") throw new Error("expected PostgreSQL");
      try {
        // The database refuses new connections and drops the bus's listener.
        await admin.pool.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        await admin.pool.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = $1 AND query LIKE 'LISTEN %'`,
          [name],
        );
        await waitFor(async () => (await fetch(`${h.url}/health`)).status === 503);
        const down = await fetch(`${h.url}/health`);
        expect(await down.json()).toMatchObject({ status: "degraded", events: false });

        await admin.pool.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
        await waitFor(async () => (await fetch(`${h.url}/health`)).status === 200, 20_000);
        const up = await fetch(`${h.url}/health`);
        expect(await up.json()).toEqual({ status: "ok", db: true, events: true });
      } finally {
        await admin.close();
        await h.dispose();
      }
    },
  );

  it("seeds the demo admin once and issues a fresh token per start, revoking the last one", async () => {
    const h = await startHarness();
    try {
      const first = await seedDemoAccount(h.db);
      const second = await seedDemoAccount(h.db);
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.userId).toBe(first.userId);
      expect(second.email).toBe(DEMO_EMAIL);
      expect(await authenticate(h.db, first.token)).toBeNull();
      expect(await authenticate(h.db, second.token)).toMatchObject({ role: "admin" });
      const state = await h.client(second.token).state.get.query();
      expect(state.state.phase).toBe("introduction");
    } finally {
      await h.dispose();
    }
  });

  it("keeps the last start's token while it is valid, so a restart signs no browser out", async () => {
    const h = await startHarness();
    try {
      const first = await seedDemoAccount(h.db);
      const restarted = await seedDemoAccount(h.db, first.token);
      expect(restarted).toMatchObject({ token: first.token, kept: true, created: false });
      expect(await authenticate(h.db, first.token)).toMatchObject({ userId: first.userId });

      // Revoked (e.g. signed out): a new one. Another user's token: never adopted.
      await h.client(first.token).account.signOut.mutate();
      const afterSignOut = await seedDemoAccount(h.db, first.token);
      expect(afterSignOut.kept).toBe(false);
      expect(afterSignOut.token).not.toBe(first.token);
      const stranger = await h.newUser();
      const notAdopted = await seedDemoAccount(h.db, stranger.token);
      expect(notAdopted.kept).toBe(false);
      expect(notAdopted.token).not.toBe(stranger.token);
      expect(await authenticate(h.db, afterSignOut.token)).toBeNull();
      expect(await authenticate(h.db, stranger.token)).not.toBeNull();
    } finally {
      await h.dispose();
    }
  });
});

describe("CORS", () => {
  it("allows configured origins (preflight and responses), refuses the others", async () => {
    const h = await startHarness({ corsOrigins: ["http://localhost:5173"] });
    try {
      const preflight = await fetch(`${h.url}/trpc/chat.send`, {
        method: "OPTIONS",
        headers: {
          origin: "http://localhost:5173",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
      expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
      const health = await fetch(`${h.url}/health`, {
        headers: { origin: "http://localhost:5173" },
      });
      expect(health.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");

      const other = await fetch(`${h.url}/trpc/chat.send`, {
        method: "OPTIONS",
        headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
      });
      expect(other.status).toBe(403);
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await h.dispose();
    }
  });
});

describe("configuration", () => {
  it("defaults: port 3000 on 127.0.0.1, embedded database, scripted model", () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      logLevel: "info",
      corsOrigins: [],
    });
    expect(config.db.kind).toBe("pglite");
    expect(config.models.openaiApiKey).toBeUndefined();
    expect(config.demoFile).toMatch(/\.data\/demo\.json$/);
  });

  it("reads every variable; empty ones count as unset", () => {
    const config = configFromEnv({
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_URL: "postgres://u@db:5432/trellis",
      OPENAI_API_KEY: "sk-x",
      OPENAI_MODEL: "gpt-x",
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
      LOG_LEVEL: "",
      CORS_ORIGINS: "http://localhost:5173, https://app.example",
    });
    expect(config).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      db: { kind: "postgres", url: "postgres://u@db:5432/trellis" },
      models: { openaiApiKey: "sk-x", model: "gpt-x", baseURL: "http://127.0.0.1:11434/v1" },
      logLevel: "info",
      corsOrigins: ["http://localhost:5173", "https://app.example"],
    });
    expect(configFromEnv({ TRELLIS_DATA_DIR: "memory", PORT: "" }).db).toEqual({
      kind: "pglite",
      dataDir: "memory",
    });
  });

  it("limits: defaults, each from its variable, and only positive whole numbers", () => {
    expect(configFromEnv({})).toMatchObject({
      maxBatchSize: 50,
      noteHeartbeatSeconds: 10,
      maxAttempts: 3,
      limits: {
        windowSeconds: 60,
        userCallsPerWindow: 600,
        ipRequestsPerWindow: 1200,
        concurrentTurnsPerUser: 1,
        subscriptionsPerUser: 5,
      },
    });
    const config = configFromEnv({
      TRELLIS_MAX_BATCH_SIZE: "10",
      TRELLIS_RATE_WINDOW_SECONDS: "30",
      TRELLIS_RATE_USER_CALLS: "100",
      TRELLIS_RATE_IP_REQUESTS: "200",
      TRELLIS_MAX_TURNS_PER_USER: "1",
      TRELLIS_MAX_SUBSCRIPTIONS_PER_USER: "3",
      TRELLIS_NOTE_HEARTBEAT_SECONDS: "30",
      TRELLIS_MODEL_MAX_ATTEMPTS: "1",
    });
    expect(config).toMatchObject({
      maxBatchSize: 10,
      noteHeartbeatSeconds: 30,
      maxAttempts: 1,
      limits: {
        windowSeconds: 30,
        userCallsPerWindow: 100,
        ipRequestsPerWindow: 200,
        concurrentTurnsPerUser: 1,
        subscriptionsPerUser: 3,
      },
    });
    expect(() => configFromEnv({ TRELLIS_RATE_USER_CALLS: "0" })).toThrow(
      /TRELLIS_RATE_USER_CALLS/,
    );
    expect(() => configFromEnv({ TRELLIS_NOTE_HEARTBEAT_SECONDS: "5" })).toThrow(
      /TRELLIS_NOTE_HEARTBEAT_SECONDS/,
    );
    expect(configFromEnv({}).turnMode).toBe("structured");
    expect(configFromEnv({ TRELLIS_TURN_MODE: "tools", OPENAI_API_KEY: "sk-x" }).turnMode).toBe(
      "tools",
    );
    expect(() => configFromEnv({ TRELLIS_TURN_MODE: "tools" })).toThrow(/OPENAI_API_KEY/);
    expect(() => configFromEnv({ TRELLIS_TURN_MODE: "both" })).toThrow(/TRELLIS_TURN_MODE/);
    expect(() => configFromEnv({ TRELLIS_MODEL_MAX_ATTEMPTS: "0" })).toThrow(
      /TRELLIS_MODEL_MAX_ATTEMPTS/,
    );
    expect(() => configFromEnv({ TRELLIS_MAX_BATCH_SIZE: "1.5" })).toThrow(
      /TRELLIS_MAX_BATCH_SIZE/,
    );
  });

  it("rejects invalid values, naming each", () => {
    const attempt = () =>
      configFromEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", OPENAI_BASE_URL: "nope" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*OPENAI_BASE_URL/);
  });
});

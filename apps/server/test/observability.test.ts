// Operating the server: log lines (pino, redaction, request ids), readiness that names what
// failed, and Prometheus metrics behind their token.
import { ActionType } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, configFromEnv } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { type Harness, startHarness, waitFor } from "./support.ts";

const METRICS_TOKEN = "metrics-token-for-tests-0123456789";

function parsed(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("logs", () => {
  it("redacts secrets and user text by default, keeps the rest and serializes errors", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    logger.info("turn", {
      userId: "u1",
      token: "trl_secret",
      message: "my private life",
      headers: { authorization: "Bearer trl_secret" },
      entry: { params: { note: "private" }, type: "add_user_note" },
    });
    logger.error("failed", { error: new Error("boom", { cause: new Error("root") }) });
    const [turn, failed] = parsed(lines);
    expect(lines.join("\n")).not.toContain("trl_secret");
    expect(lines.join("\n")).not.toContain("private");
    expect(turn).toMatchObject({
      level: "info",
      msg: "turn",
      userId: "u1",
      token: "[redacted]",
      message: "[redacted]",
      headers: { authorization: "[redacted]" },
      entry: { params: "[redacted]", type: "add_user_note" },
    });
    expect(typeof turn?.time).toBe("string");
    expect(failed).toMatchObject({
      level: "error",
      // pino's error serializer keeps the cause chain in the message and the stack.
      error: { type: "Error", message: "boom: root", stack: expect.stringContaining("boom") },
    });
  });

  it("with user-text redaction off, user text is logged and secrets still are not", () => {
    const lines: string[] = [];
    const logger = createLogger({
      write: (line) => lines.push(line),
      redactUserText: false,
      redactPaths: ["extra.secret"],
    });
    logger.info("turn", { token: "trl_secret", message: "hello coach", extra: { secret: "x" } });
    expect(parsed(lines)[0]).toMatchObject({
      token: "[redacted]",
      message: "hello coach",
      extra: { secret: "[redacted]" },
    });
  });

  it("honours the level and child fields", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line), level: "warn" });
    logger.info("dropped");
    logger.child({ requestId: "r1" }).warn("kept");
    expect(parsed(lines)).toEqual([expect.objectContaining({ msg: "kept", requestId: "r1" })]);
  });
});

describe("configuration", () => {
  it("logs, metrics, prices and budgets: off or default unless set", () => {
    expect(configFromEnv({})).toMatchObject({
      log: { pretty: undefined, redactUserText: true, redactPaths: [] },
      metrics: { token: undefined, port: undefined, host: "127.0.0.1" },
      usage: { pricesFile: undefined, budgets: {} },
    });
    const config = configFromEnv({
      LOG_PRETTY: "false",
      LOG_REDACT: "false",
      LOG_REDACT_PATHS: "a.b, *.c",
      TRELLIS_METRICS_TOKEN: METRICS_TOKEN,
      TRELLIS_METRICS_PORT: "9464",
      TRELLIS_MODEL_PRICES_FILE: "/etc/trellis/prices.json",
      TRELLIS_USER_DAILY_TOKENS: "200000",
      TRELLIS_DAILY_COST_USD: "12.5",
    });
    expect(config).toMatchObject({
      log: { pretty: false, redactUserText: false, redactPaths: ["a.b", "*.c"] },
      metrics: { token: METRICS_TOKEN, port: 9464 },
      usage: {
        pricesFile: "/etc/trellis/prices.json",
        budgets: { userDailyTokens: 200_000, dailyCostUsd: 12.5 },
      },
    });
  });

  it("refuses a short metrics token and budgets that are not positive", () => {
    expect(() => configFromEnv({ TRELLIS_METRICS_TOKEN: "short" })).toThrow(ConfigError);
    expect(() => configFromEnv({ TRELLIS_USER_DAILY_TOKENS: "0" })).toThrow(
      /TRELLIS_USER_DAILY_TOKENS/,
    );
    expect(() => configFromEnv({ TRELLIS_DAILY_COST_USD: "-1" })).toThrow(/TRELLIS_DAILY_COST_USD/);
  });
});

describe("probes and metrics", () => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    h = await startHarness({
      logger: createLogger({ write: (line) => lines.push(line) }),
      metricsToken: METRICS_TOKEN,
    });
  });
  afterAll(async () => {
    await h.dispose();
  });

  it("keeps a caller's x-request-id (or makes one) and logs the request under it", async () => {
    const given = await fetch(`${h.url}/health`, { headers: { "x-request-id": "req-abc.1" } });
    expect(given.headers.get("x-request-id")).toBe("req-abc.1");
    const hostile = await fetch(`${h.url}/health`, { headers: { "x-request-id": "a b\u00e9" } });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => lines.some((line) => line.includes('"requestId":"req-abc.1"')));
    const line = parsed(lines).find((entry) => entry.requestId === "req-abc.1");
    expect(line).toMatchObject({ msg: "request", path: "/health", status: 200 });
  });

  it("/ready answers 200 with every check passing", async () => {
    const response = await fetch(`${h.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ready",
      checks: {
        database: { ok: true },
        migrations: { ok: true },
        events: { ok: true },
        queue: { ok: true },
      },
      failed: [],
    });
  });

  it("/ready answers 503 naming a migration the database lacks", async () => {
    const [last] = await h.db.prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    if (!last) throw new Error("expected a migrated database");
    await h.db.prisma.$executeRaw`
      UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = ${last.migration_name}`;
    try {
      const response = await fetch(`${h.url}/ready`);
      const body = await response.json();
      expect(response.status).toBe(503);
      expect(body).toMatchObject({
        status: "not_ready",
        failed: ["migrations"],
        checks: { migrations: { ok: false, detail: `not applied: ${last.migration_name}` } },
      });
    } finally {
      await h.db.prisma.$executeRaw`
        UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = ${last.migration_name}`;
    }
  });

  it("/metrics needs the metrics token", async () => {
    expect((await fetch(`${h.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${h.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN.replace("0", "1")}` },
    });
    expect(wrong.status).toBe(401);
  });

  it("/metrics counts procedures, turns, actions, subscriptions and reads the bus and queue", async () => {
    const user = await h.newUser();
    let started = false;
    const subscription = user.client.events.subscribe.subscribe(undefined, {
      onStarted: () => {
        started = true;
      },
    });
    await waitFor(() => started);
    await user.client.chat.send.mutate({ message: "Hello" });
    await user.client.actions.execute.mutate({
      type: ActionType.CREATE_IDENTITY,
      params: { name: "Runner", category: "physical_expression" },
    });
    const scrape = async () => {
      const response = await fetch(`${h.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      return response.text();
    };
    const text = await scrape();
    expect(text).toMatch(
      /trellis_procedure_calls_total\{procedure="chat.send",type="mutation",outcome="ok"\} 1/,
    );
    expect(text).toMatch(/trellis_turn_duration_seconds_count\{outcome="ok"\} 1/);
    expect(text).toMatch(
      /trellis_actions_total\{type="create_identity",invoker="user",status="(completed|failed)"\} 1/,
    );
    expect(text).toMatch(/trellis_actions_total\{type="[a-z_]+",invoker="coach",status="\w+"\} \d/);
    expect(text).toMatch(/trellis_open_subscriptions 1/);
    expect(text).toMatch(/trellis_event_bus_connected 1/);
    expect(text).toMatch(/trellis_queue_jobs\{state="queued"\} \d+/);
    expect(text).toMatch(/trellis_process_cpu_seconds_total/);
    subscription.unsubscribe();
    await waitFor(async () => /trellis_open_subscriptions 0/.test(await scrape()));
  });
});

describe("/ready when parts are down", () => {
  it("names the queue once it stopped, and the database once it is gone", async () => {
    const h = await startHarness();
    try {
      await h.runtime.noteQueue.stop();
      const stopped = await fetch(`${h.url}/ready`);
      expect(stopped.status).toBe(503);
      expect(await stopped.json()).toMatchObject({
        failed: ["queue"],
        checks: { queue: { ok: false, detail: "stopped" } },
      });
      await h.db.close();
      const down = await fetch(`${h.url}/ready`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        failed: expect.arrayContaining(["database", "migrations", "queue"]),
        checks: { database: { ok: false }, migrations: { ok: false } },
      });
    } finally {
      await h.server.close();
      await h.runtime.close().catch(() => {});
      await h.db.dispose().catch(() => {});
    }
  });
});

describe("no metrics token configured", () => {
  it("/metrics is not served on the API port", async () => {
    const h = await startHarness();
    try {
      expect((await fetch(`${h.url}/metrics`)).status).toBe(404);
    } finally {
      await h.dispose();
    }
  });
});

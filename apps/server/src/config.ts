// The server's configuration, from the environment, validated once at start. An empty variable
// counts as unset (shells and .env files often leave `KEY=`).
import { join } from "node:path";
import { type Budgets, DEFAULT_MAX_ATTEMPTS, type ModelConfig } from "@trellis/ai";
import { defaultLimits, type LimitsConfig } from "@trellis/api";
import { type DbConfig, dbConfigFromEnv, repoRoot } from "@trellis/db";
import { z } from "zod";
import type { LogLevel } from "./logger.ts";
import type { TurnMode } from "./runtime.ts";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** A positive whole number from the environment, `fallback` when unset. */
const count = (fallback: number) =>
  z.preprocess(
    (value) => (value === "" || value === undefined ? fallback : value),
    z.coerce.number().int().positive(),
  );

const envSchema = z.object({
  PORT: z.preprocess(
    (value) => (value === "" || value === undefined ? 3000 : value),
    z.coerce.number().int().min(0).max(65_535),
  ),
  HOST: optional(z.string().min(1)),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
  ),
  TRELLIS_DATA_DIR: optional(z.string().min(1)),
  OPENAI_API_KEY: optional(z.string().min(1)),
  OPENAI_MODEL: optional(z.string().min(1)),
  OPENAI_BASE_URL: optional(z.url()),
  LOG_LEVEL: optional(z.enum(["debug", "info", "warn", "error"])),
  /** `auto` (default): readable lines when stdout is a terminal, JSON otherwise. */
  LOG_PRETTY: optional(z.enum(["auto", "true", "false"])),
  /** `false` logs user text (messages, action params); secrets stay redacted. */
  LOG_REDACT: optional(z.enum(["true", "false"])),
  /** More field paths to redact, comma-separated, in pino's syntax (`a.b`, `*.b`). */
  LOG_REDACT_PATHS: optional(z.string().min(1)),
  /** `/metrics` on the API port needs `Authorization: Bearer <this>`. */
  TRELLIS_METRICS_TOKEN: optional(z.string().min(16, "must be at least 16 characters")),
  /** `/metrics` (no token) on a port of its own, bound to TRELLIS_METRICS_HOST. */
  TRELLIS_METRICS_PORT: optional(z.coerce.number().int().min(0).max(65_535)),
  TRELLIS_METRICS_HOST: optional(z.string().min(1)),
  /** Comma-separated browser origins allowed to call the API, or `*`. */
  CORS_ORIGINS: optional(z.string().min(1)),
  TRELLIS_MAX_BATCH_SIZE: count(50),
  TRELLIS_RATE_WINDOW_SECONDS: count(defaultLimits.windowSeconds),
  TRELLIS_RATE_USER_CALLS: count(defaultLimits.userCallsPerWindow),
  TRELLIS_RATE_IP_REQUESTS: count(defaultLimits.ipRequestsPerWindow),
  TRELLIS_MAX_TURNS_PER_USER: count(defaultLimits.concurrentTurnsPerUser),
  TRELLIS_MAX_SUBSCRIPTIONS_PER_USER: count(defaultLimits.subscriptionsPerUser),
  /** pg-boss refuses heartbeats under 10 s. */
  TRELLIS_NOTE_HEARTBEAT_SECONDS: z.preprocess(
    (value) => (value === "" || value === undefined ? 10 : value),
    z.coerce.number().int().min(10),
  ),
  /** Milliseconds between the scripted coach's streamed words (0: no pause). */
  TRELLIS_SCRIPTED_PACE_MS: z.preprocess(
    (value) => (value === "" || value === undefined ? 30 : value),
    z.coerce.number().int().min(0).max(10_000),
  ),
  /** `structured` (strict JSON replies) or `tools` (tool calling; needs OPENAI_API_KEY). */
  TRELLIS_TURN_MODE: optional(z.enum(["structured", "tools"])),
  /** Model calls per coach turn when its replies are invalid, the first included. */
  TRELLIS_MODEL_MAX_ATTEMPTS: count(DEFAULT_MAX_ATTEMPTS),
  /** A JSON price file replacing packages/ai/model-prices.json. */
  TRELLIS_MODEL_PRICES_FILE: optional(z.string().min(1)),
  /** Tokens one user may use per UTC day; unset: no limit. */
  TRELLIS_USER_DAILY_TOKENS: optional(z.coerce.number().int().positive()),
  /** US dollars all users together may spend per UTC day; unset: no limit. */
  TRELLIS_DAILY_COST_USD: optional(z.coerce.number().positive()),
  /** Where `pnpm start` writes the URL and token for `pnpm demo`. */
  TRELLIS_DEMO_FILE: optional(z.string().min(1)),
  /** The built web app to serve; `none` serves none. */
  TRELLIS_WEB_DIR: optional(z.string().min(1)),
  /** `true` serves the web app's source maps (`.map`) to anyone; default not served. */
  TRELLIS_WEB_SOURCE_MAPS: optional(z.enum(["true", "false"])),
});

export interface ServerConfig {
  port: number;
  host: string;
  db: DbConfig;
  models: ModelConfig;
  logLevel: LogLevel;
  log: { pretty: boolean | undefined; redactUserText: boolean; redactPaths: string[] };
  /** Where `/metrics` is served; both unset: nowhere. */
  metrics: { token: string | undefined; port: number | undefined; host: string };
  corsOrigins: string[];
  demoFile: string;
  /** The built web app (`pnpm start` builds apps/web first); null: the API only. */
  webDir: string | null;
  /** Whether the web app's `.map` files are served. */
  webSourceMaps: boolean;
  maxBatchSize: number;
  limits: LimitsConfig;
  usage: { pricesFile: string | undefined; budgets: Budgets };
  /**
   * The fallback for a note-taker job whose process died without its claim recorded: retried
   * within about this plus 5 s (a claimed one runs again when its process is reaped, ~3 s).
   */
  noteHeartbeatSeconds: number;
  /** Model calls per turn, the first included (the invalid-output policy's `maxAttempts`). */
  maxAttempts: number;
  /** Pause between the scripted coach's streamed words. */
  scriptedPaceMs: number;
  turnMode: TurnMode;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const defaultDemoFile: string = join(repoRoot, ".data", "demo.json");
const defaultWebDir: string = join(repoRoot, "apps", "web", "dist");

/** A comma-separated list, blanks dropped. */
function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

export function configFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.TRELLIS_TURN_MODE === "tools" && e.OPENAI_API_KEY === undefined) {
    throw new ConfigError(
      "Invalid environment:\n  TRELLIS_TURN_MODE: tools needs OPENAI_API_KEY (the offline scripted coach answers in structured mode)",
    );
  }
  return {
    port: e.PORT,
    host: e.HOST ?? "127.0.0.1",
    db: dbConfigFromEnv(env),
    models: {
      openaiApiKey: e.OPENAI_API_KEY,
      model: e.OPENAI_MODEL,
      baseURL: e.OPENAI_BASE_URL,
    },
    logLevel: e.LOG_LEVEL ?? "info",
    log: {
      pretty:
        e.LOG_PRETTY === undefined || e.LOG_PRETTY === "auto" ? undefined : e.LOG_PRETTY === "true",
      redactUserText: e.LOG_REDACT !== "false",
      redactPaths: list(e.LOG_REDACT_PATHS),
    },
    metrics: {
      token: e.TRELLIS_METRICS_TOKEN,
      port: e.TRELLIS_METRICS_PORT,
      host: e.TRELLIS_METRICS_HOST ?? "127.0.0.1",
    },
    corsOrigins: list(e.CORS_ORIGINS),
    demoFile: e.TRELLIS_DEMO_FILE ?? defaultDemoFile,
    webDir: e.TRELLIS_WEB_DIR === "none" ? null : (e.TRELLIS_WEB_DIR ?? defaultWebDir),
    webSourceMaps: e.TRELLIS_WEB_SOURCE_MAPS === "true",
    usage: {
      pricesFile: e.TRELLIS_MODEL_PRICES_FILE,
      budgets: {
        userDailyTokens: e.TRELLIS_USER_DAILY_TOKENS,
        dailyCostUsd: e.TRELLIS_DAILY_COST_USD,
      },
    },
    maxBatchSize: e.TRELLIS_MAX_BATCH_SIZE,
    noteHeartbeatSeconds: e.TRELLIS_NOTE_HEARTBEAT_SECONDS,
    maxAttempts: e.TRELLIS_MODEL_MAX_ATTEMPTS,
    scriptedPaceMs: e.TRELLIS_SCRIPTED_PACE_MS,
    turnMode: e.TRELLIS_TURN_MODE ?? "structured",
    limits: {
      ...defaultLimits,
      windowSeconds: e.TRELLIS_RATE_WINDOW_SECONDS,
      userCallsPerWindow: e.TRELLIS_RATE_USER_CALLS,
      ipRequestsPerWindow: e.TRELLIS_RATE_IP_REQUESTS,
      concurrentTurnsPerUser: e.TRELLIS_MAX_TURNS_PER_USER,
      subscriptionsPerUser: e.TRELLIS_MAX_SUBSCRIPTIONS_PER_USER,
    },
  };
}

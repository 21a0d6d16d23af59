// Structured logs through pino: one JSON object per line on stdout (time, level, msg, then
// fields), or pino-pretty's readable lines when stdout is a terminal. Secrets (tokens, keys)
// and user text (messages, action params) are redacted by default; the active trace and span
// ids are added to every line written inside a span. The `Logger` shape (msg, fields) stays
// the server's own, so call sites do not depend on pino's argument order.
import { trace } from "@opentelemetry/api";
import pino, { type DestinationStream } from "pino";
import pretty from "pino-pretty";

export type LogLevel = "debug" | "info" | "warn" | "error";

type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

/** Field paths (pino's redact syntax) that never reach a log line unless redaction is off. */
const SECRET_PATHS: readonly string[] = [
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "password",
  "*.password",
];

/**
 * What users write and what the model answers: redacted by default (personal data). Nested
 * `message` fields are kept: errors carry theirs there.
 */
const USER_TEXT_PATHS: readonly string[] = [
  "message",
  "content",
  "userMessage",
  "text",
  "params",
  "*.content",
  "*.params",
];

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go (tests); default stdout, pretty when stdout is a terminal. */
  write?: (line: string) => void;
  /** Readable lines instead of JSON (default: whether stdout is a terminal). */
  pretty?: boolean;
  /** Redact secrets and user text (default true); secrets stay redacted even when false. */
  redactUserText?: boolean;
  /** More paths to redact, in pino's syntax (`a.b`, `*.b`, `a[*].b`). */
  redactPaths?: readonly string[];
  fields?: LogFields;
}

function destination(options: LoggerOptions): DestinationStream | undefined {
  if (options.write) {
    const write = options.write;
    return { write: (line: string) => write(line) };
  }
  if (options.pretty ?? process.stdout.isTTY === true) {
    // In-process (no worker thread): a server's log volume is small.
    return pretty({ colorize: true, sync: true, translateTime: "SYS:HH:MM:ss.l" });
  }
  return undefined;
}

/** Trace and span ids of the span active where the line is written, if any. */
function traceFields(): LogFields {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

function wrap(log: pino.Logger): Logger {
  return {
    debug: (msg, fields) => log.debug(fields ?? {}, msg),
    info: (msg, fields) => log.info(fields ?? {}, msg),
    warn: (msg, fields) => log.warn(fields ?? {}, msg),
    error: (msg, fields) => log.error(fields ?? {}, msg),
    child: (fields) => wrap(log.child(fields)),
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const paths = [
    ...SECRET_PATHS,
    ...((options.redactUserText ?? true) ? USER_TEXT_PATHS : []),
    ...(options.redactPaths ?? []),
  ];
  const settings: pino.LoggerOptions = {
    level: options.level ?? "info",
    base: options.fields ?? {},
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Errors under any of the usual keys keep their name, message, stack and cause.
    serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
    redact: { paths, censor: "[redacted]" },
    mixin: traceFields,
  };
  const stream = destination(options);
  return wrap(stream ? pino(settings, stream) : pino(settings));
}

/** API tokens (`trl_…`) wherever they appear: a path is no place for one, but a client may. */
const TOKEN_IN_PATH = /trl_[A-Za-z0-9_-]*/g;

/**
 * A request path as it may be logged: no query string or fragment (where clients put tokens:
 * SSE's `?token=`, a sign-in link's `#token=`) and no token-shaped segment.
 */
export function loggedPath(path: string): string {
  const bare = path.split(/[?#]/)[0] ?? "/";
  return bare.replace(TOKEN_IN_PATH, "trl_[redacted]");
}

/** Discards everything (tests). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

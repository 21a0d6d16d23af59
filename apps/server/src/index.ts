// For tests and tools that run the server in-process.
export { ConfigError, configFromEnv, defaultDemoFile, type ServerConfig } from "./config.ts";
export {
  createLogger,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  SECRET_PATHS,
  silentLogger,
  USER_TEXT_PATHS,
} from "./logger.ts";
export { ServerMetrics } from "./metrics.ts";
export { type MetricsServer, startMetricsServer } from "./metrics-server.ts";
export { DEMO_EMAIL, type DemoAccount, seedDemoAccount } from "./seed.ts";
export { type RunningServer, type ServerOptions, startServer } from "./server.ts";
export {
  otlpConfigured,
  startTelemetry,
  type Telemetry,
  type TelemetryOptions,
} from "./telemetry.ts";

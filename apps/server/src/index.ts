// For tests and tools that run the server in-process.
export { ConfigError, configFromEnv, defaultDemoFile, type ServerConfig } from "./config.ts";
export { createLogger, type Logger, type LogLevel, silentLogger } from "./logger.ts";
export { createRuntime, type Runtime, type RuntimeOptions } from "./runtime.ts";
export { DEMO_EMAIL, type DemoAccount, seedDemoAccount } from "./seed.ts";
export { type RunningServer, type ServerOptions, startServer } from "./server.ts";

// For tests and tools that run the server in-process (the tests, the benchmarks).
export { silentLogger } from "./logger.ts";
export { createRuntime, type Runtime } from "./runtime.ts";
export { seedDemoAccount } from "./seed.ts";
export { startServer } from "./server.ts";
export { type ServerProcess, startServerProcess } from "./server-process.ts";
export { startTelemetry, type Telemetry, type TelemetryOptions } from "./telemetry.ts";

// For tests and tools that run the server in-process (the tests, the benchmarks).
export { silentLogger } from "./logger.ts";
export { createRuntime } from "./runtime.ts";
export { startServer } from "./server.ts";

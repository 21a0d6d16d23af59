// For tools that run the server in-process (the benchmarks).
export { silentLogger } from "./logger.ts";
export { startServer } from "./server.ts";

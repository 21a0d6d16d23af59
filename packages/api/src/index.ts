// @trellis/api: the tRPC routers, context and auth, implementing the wire contract. The server
// mounts `appRouter`; the SDK imports `AppRouter` from here as a TYPE only, and the contract's
// types (every type a client sees) from @trellis/contract, re-exported here whole.
export type * from "@trellis/contract";
export { type CallObservation, createContextFactory } from "./context.ts";
export { checkHealth, checkReadiness } from "./health.ts";
export {
  defaultLimits,
  Limits,
  type LimitsConfig,
  RateLimitedError,
} from "./limits/index.ts";
export { type AppRouter, appRouter } from "./router.ts";
export type { ApiRuntime } from "./services.ts";
export { authenticate, issueToken } from "./tokens.ts";
export { API_VERSION } from "./version.ts";
export { createSurfaces } from "./surfaces.ts";

// @trellis/api: the tRPC routers, context and auth, implementing the wire contract. The server
// mounts `appRouter`; the SDK imports `AppRouter` from here as a TYPE only, and the contract's
// types (every type a client sees) from @trellis/contract, re-exported here whole.
export type * from "@trellis/contract";
export {
  type ActionLog,
  bearerToken,
  type CallObservation,
  type CallObserver,
  type Context,
  type ContextInput,
  type ContextOptions,
  createContextFactory,
} from "./context.ts";
export { type EventStreamOptions, userEventStream } from "./event-stream.ts";
export { checkHealth, checkReadiness } from "./health.ts";
export {
  defaultLimits,
  type HeldSlot,
  Limits,
  type LimitsConfig,
  type RateDecision,
  RateLimitedError,
} from "./limits/index.ts";
export { type AppRouter, appRouter } from "./router.ts";
export type {
  ActionService,
  ApiRuntime,
  LiveEvents,
  PromptService,
  TurnService,
  UsageService,
} from "./services.ts";
export type { ExecuteInput } from "./routers/actions.ts";
export type { ApproveInput } from "./routers/pending.ts";
export {
  authenticate,
  type Caller,
  generateToken,
  hashToken,
  issueToken,
  revokeToken,
} from "./tokens.ts";
export { API_VERSION } from "./version.ts";
export { createSurfaces } from "./surfaces.ts";

// @trellis/api: the tRPC routers, context and auth. The server mounts `appRouter`; the SDK
// imports `AppRouter` and the DTO types from here as TYPES only.
export type {
  CoachComponent,
  Confirmation,
  TurnResult,
  TurnState,
  UsageDimension,
  UsageRow,
} from "@trellis/ai";
export type {
  ActionEventKind,
  ActionEventMessage,
  ActionOutcome,
  CompletedOutcome,
  DetailedError,
  FailedOutcome,
  FieldError,
  PendingOutcome,
} from "@trellis/engine";
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
export type {
  ActionLogEntryDto,
  ActionStatus,
  CatalogEntryDto,
  ChatMessageDto,
  CoachStateDto,
  IdentityDto,
  Json,
  Page,
  PendingActionDto,
  PendingStatus,
  PromptDto,
  ScenarioCounts,
  ScenarioDto,
  StateDto,
  UserDto,
  UserNoteDto,
} from "./dto.ts";
export { type EventStreamOptions, userEventStream } from "./event-stream.ts";
export {
  checkHealth,
  checkReadiness,
  type Health,
  type Readiness,
  type ReadinessCheck,
} from "./health.ts";
export {
  defaultLimits,
  type HeldSlot,
  Limits,
  type LimitsConfig,
  type RateDecision,
  RateLimitedError,
} from "./limits/index.ts";
export { type AppRouter, appRouter } from "./router.ts";
export type { TokenInfoDto } from "./routers/account.ts";
export type { ExecuteInput } from "./routers/actions.ts";
export type { ApproveInput } from "./routers/pending.ts";
export {
  authenticate,
  type Caller,
  generateToken,
  hashToken,
  type IssuedToken,
  issueToken,
  type Role,
  revokeToken,
} from "./tokens.ts";
export type { ApiErrorData, ApiErrorShape, ErrorReason, InputIssues } from "./trpc.ts";
export { API_VERSION, type ApiVersion } from "./version.ts";

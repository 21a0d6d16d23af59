// @trellis/sdk: the typed client for front-end teams. It ships no server code: everything from
// @trellis/api and @trellis/actions below is a TYPE (erased, and inlined into the package's one
// declaration file), except ActionType, whose constants live in ./action-type.ts without the
// catalog. Types that are zod-inferred or built on the server's context come from the spelled-out
// contract (./contract.ts) instead.
import type { ActionType } from "./action-type.ts";
import type { actions } from "./contract.ts";
import type { RouterInputs } from "./router.ts";

export type {
  IdentityCategory,
  IdentityState,
  Invoker,
  Phase,
  QuestionKey,
} from "@trellis/actions";
export type {
  ActionEventKind,
  ActionEventMessage,
  ActionLogEntryDto,
  ActionOutcome,
  ActionStatus,
  ApiErrorData,
  ApiErrorShape,
  ApiVersion,
  CatalogEntryDto,
  ChatMessageDto,
  CoachComponent,
  CoachStateDto,
  CompletedOutcome,
  Confirmation,
  DetailedError,
  ErrorReason,
  FailedOutcome,
  FieldError,
  Health,
  IdentityDto,
  InputIssues,
  IssuedToken,
  Json,
  Page,
  PendingActionDto,
  PendingOutcome,
  PendingStatus,
  PromptDto,
  ScenarioCounts,
  ScenarioDto,
  StateDto,
  TokenInfoDto,
  TurnResult,
  TurnState,
  UsageDimension,
  UsageRow,
  UserDto,
  UserNoteDto,
} from "@trellis/api";
export { ActionType } from "./action-type.ts";
export { API_VERSION, ApiVersionMismatchError, checkServer } from "./compatibility.ts";
export {
  type ClientOptions,
  createClient,
  type EventSourceClass,
  type EventSourceInstance,
  type TrellisClient,
  trpcUrl,
} from "./client.ts";
export {
  errorData,
  isTrellisClientError,
  TRPCClientError,
  type TrellisClientError,
} from "./errors.ts";
export type { AppRouter, RouterInputs, RouterOutputs } from "./router.ts";

/** Params as the server's handler gets them (parsed, defaults applied). */
export type ActionParams<T extends ActionType> = (typeof actions)[T]["params"];
/** Params as a caller sends them (`actions.execute`, `pending.approve`). */
export type ActionParamsInput<T extends ActionType> = (typeof actions)[T]["paramsInput"];
/** What an action returns when it completes. */
export type ActionResult<T extends ActionType> = (typeof actions)[T]["result"];
/** The input of `actions.execute`: `params` typed by `type`. */
export type ExecuteInput = RouterInputs["actions"]["execute"];

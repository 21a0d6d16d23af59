// @trellis/sdk: the typed client for front-end teams. It ships no server code: everything from
// @trellis/api and @trellis/actions below is a TYPE (erased), except ActionType, whose
// constants live in ./action-type.ts without the catalog.
import type { AppRouter } from "@trellis/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type {
  ActionParams,
  ActionParamsInput,
  ActionResult,
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
  AppRouter,
  CatalogEntryDto,
  ChatMessageDto,
  CoachComponent,
  CoachStateDto,
  CompletedOutcome,
  Confirmation,
  DetailedError,
  ErrorReason,
  ExecuteInput,
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
  UserDto,
  UserNoteDto,
} from "@trellis/api";
export { ActionType } from "./action-type.ts";
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

/** Every procedure's input, e.g. `RouterInputs["chat"]["send"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Every procedure's output, e.g. `RouterOutputs["state"]["get"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

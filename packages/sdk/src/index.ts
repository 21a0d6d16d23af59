// @trellis/sdk: the typed client for front-end teams. It ships no server code: the wire
// contract (@trellis/contract: every type a client sees) is re-exported whole as TYPES (erased,
// and inlined into the package's one declaration file); ActionType's constants live in
// ./action-type.ts without the catalog. The router's procedures and each action's params and
// result, which the server types with zod and its context, come from the spelled-out
// ./wire-types.ts instead.
import type { ActionType } from "./action-type.ts";
import { PHASES } from "./domain-values.ts";
import type { RouterInputs } from "./router.ts";
import type { actions } from "./wire-types.ts";

export type * from "@trellis/contract";
export { ActionType } from "./action-type.ts";
export {
  type ClientOptions,
  createClient,
  type EventSourceClass,
  type EventSourceInstance,
  type TrellisClient,
  trpcUrl,
} from "./client.ts";
export { MESSAGE_MAX_CHARS, PHASES } from "./domain-values.ts";
export { PROMPT_CONTEXT_KEYS, type PromptContextKey } from "./prompt-context-keys.ts";
export { API_VERSION, ApiVersionMismatchError, checkServer } from "./compatibility.ts";
export {
  errorData,
  isTrellisClientError,
  TRPCClientError,
  type TrellisClientError,
} from "./errors.ts";
export type { AppRouter, RouterInputs, RouterOutputs } from "./router.ts";
export { type TurnStreamInput, turnEvents } from "./turn-stream.ts";
export {
  initialTurnView,
  reduceTurnView,
  type TurnView,
  type TurnViewAction,
} from "./turn-view.ts";

/** A phase's title ("Warming up"); the phase itself for one this client does not know. */
export function phaseTitle(phase: string): string {
  return PHASES.find((entry) => entry.phase === phase)?.title ?? phase;
}

/** Params as the server's handler gets them (parsed, defaults applied). */
export type ActionParams<T extends ActionType> = (typeof actions)[T]["params"];
/** Params as a caller sends them (`actions.execute`, `pending.approve`). */
export type ActionParamsInput<T extends ActionType> = (typeof actions)[T]["paramsInput"];
/** What an action returns when it completes. */
export type ActionResult<T extends ActionType> = (typeof actions)[T]["result"];
/** The input of `actions.execute`: `params` typed by `type`. */
export type ExecuteInput = RouterInputs["actions"]["execute"];

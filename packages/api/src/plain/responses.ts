// What each procedure of the plain-JSON surfaces answers, as a zod schema of the contract
// (checked against the router's own output type), with a one-line summary. A query or mutation
// missing here fails the OpenAPI document's generation, naming it; admin procedures are left
// out of these surfaces.
import {
  actionEventMessageSchema,
  actionLogEntryDtoSchema,
  actionOutcomeSchema,
  apiVersionSchema,
  catalogEntryDtoSchema,
  chatMessageDtoSchema,
  healthSchema,
  pageSchema,
  pendingActionDtoSchema,
  stateDtoSchema,
  tokenInfoDtoSchema,
  turnResultSchema,
  turnStreamEventSchema,
  userDtoSchema,
} from "@trellis/contract/schemas";
import type { inferRouterOutputs } from "@trpc/server";
import { z } from "zod";
import type { AppRouter } from "../router.ts";

type Out = inferRouterOutputs<AppRouter>;

export interface PlainResponse {
  summary: string;
  /** The response (a query's or mutation's), or each event of a stream (a subscription's). */
  schema: z.ZodType;
  /** A stream's events: the name OpenAPI's components give their schema. */
  eventName?: string;
}

/** A response whose schema's output is the procedure's output type. */
function answers<T>() {
  return (summary: string, schema: z.ZodType<T>): PlainResponse => ({ summary, schema });
}

/** A subscription's event schema (each SSE `data`), named for the document's components. */
function streams(summary: string, eventName: string, schema: z.ZodType): PlainResponse {
  return { summary, schema, eventName };
}

export const plainResponses: Readonly<Record<string, PlainResponse>> = {
  health: answers<Out["health"]>()(
    "Liveness: the database and the event bus answer (no token needed)",
    healthSchema,
  ),
  apiVersion: answers<Out["apiVersion"]>()(
    "The wire contract's version the server speaks (no token needed)",
    apiVersionSchema,
  ),
  "account.me": answers<Out["account"]["me"]>()("The signed-in user", userDtoSchema),
  "account.tokens": answers<Out["account"]["tokens"]>()(
    "The caller's API tokens (never the secrets)",
    z.array(tokenInfoDtoSchema),
  ),
  "account.signOut": answers<Out["account"]["signOut"]>()(
    "Signs out: revokes the token this request carries",
    z.object({ signedOut: z.literal(true) }),
  ),
  "account.revokeToken": answers<Out["account"]["revokeToken"]>()(
    "Revokes one of the caller's own tokens",
    z.object({ revoked: z.literal(true) }),
  ),
  "chat.send": answers<Out["chat"]["send"]>()(
    "Sends a message to the coach: one turn (its reply, each action's outcome, the new state)",
    turnResultSchema,
  ),
  "chat.stream": streams(
    "The same turn as chat.send, streamed: the coach's words as they come, each action, the result",
    "TurnStreamEvent",
    turnStreamEventSchema,
  ),
  "chat.stop": answers<Out["chat"]["stop"]>()(
    "Stops a turn still waiting for or streaming from the model (nothing is applied)",
    z.object({ stopped: z.boolean() }),
  ),
  "chat.history": answers<Out["chat"]["history"]>()(
    "The conversation, newest first, a page at a time",
    pageSchema(chatMessageDtoSchema),
  ),
  "state.get": answers<Out["state"]["get"]>()(
    "The user, the coach's state, identities, notes and open confirmations",
    stateDtoSchema,
  ),
  "actions.catalog": answers<Out["actions"]["catalog"]>()(
    "Every action: title, icon, params JSON Schema, who may invoke it, confirmation",
    z.array(catalogEntryDtoSchema),
  ),
  "actions.execute": answers<Out["actions"]["execute"]>()(
    "Runs one action as the user; a failure is an audited outcome, not an error",
    actionOutcomeSchema,
  ),
  "actions.log": answers<Out["actions"]["log"]>()(
    "The action log (audit rows), newest first, filtered and paginated",
    pageSchema(actionLogEntryDtoSchema),
  ),
  "pending.list": answers<Out["pending"]["list"]>()(
    "Actions waiting for the user's confirmation (default: the open ones)",
    z.array(pendingActionDtoSchema),
  ),
  "pending.approve": answers<Out["pending"]["approve"]>()(
    "Applies a pending action as the user, as proposed or with edited params; once",
    actionOutcomeSchema,
  ),
  "pending.reject": answers<Out["pending"]["reject"]>()(
    "Declines a pending action: nothing is applied",
    actionOutcomeSchema,
  ),
  "events.subscribe": streams(
    "The user's action events (started, completed, failed, pending, rejected), resumable by id",
    "ActionEventMessage",
    actionEventMessageSchema,
  ),
};

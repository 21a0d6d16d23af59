// The wire contract's DTOs as zod schemas, each checked against its contract type with
// `shapeOf`: what the OpenAPI document and the MCP tools describe as responses. Dates are
// `z.date()` here, as the contract types them; the plain-JSON surfaces send them as ISO strings
// and describe them so (see @trellis/api's JSON Schema conversion).
import { actions } from "@trellis/actions/kit";
import { type ActionType, invokerSchema, phaseSchema } from "@trellis/actions";
import { TRPC_ERROR_CODES_BY_KEY, TRPC_ERROR_CODES_BY_NUMBER } from "@trpc/server/rpc";
import { z } from "zod";
import type {
  ActionLogEntryDto,
  ApiVersion,
  CatalogEntryDto,
  ChatMessageDto,
  CoachStateDto,
  Health,
  IdentityDto,
  PendingActionDto,
  StateDto,
  TokenInfoDto,
  UserDto,
  UserNoteDto,
} from "../dto.ts";
import { actionStatuses, pendingStatuses } from "../dto.ts";
import { type ApiErrorShape, errorReasons } from "../errors.ts";
import type { ActionEventMessage } from "../events.ts";
import { actionEventKinds } from "../events.ts";
import type { TurnResult, TurnStreamEvent } from "../turn.ts";
import { detailedErrorSchema } from "./errors.ts";
import { jsonSchema } from "./json.ts";
import { outcomeSchemas } from "./outcome.ts";
import { shapeOf } from "./shape.ts";
import { coachComponentSchema, storedTurnResultSchema } from "./turn.ts";

const jsonObjectSchema = z.record(z.string(), jsonSchema);
/** Annotated: declarations name the catalog's `ActionType`, not the kit's generic. */
const actionTypeSchema: z.ZodType<ActionType> = actions.actionTypeSchema;

export const userDtoSchema = shapeOf<UserDto>()(
  z.object({
    id: z.string(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    role: z.enum(["user", "admin"]),
    createdAt: z.date(),
  }),
);

const coachStateDtoSchema = shapeOf<CoachStateDto>()(
  z.object({
    phase: phaseSchema,
    currentIdentityId: z.string().nullable(),
    identityFocus: z.string().nullable(),
    skippedCategories: z.array(z.string()),
    whoYouAre: z.array(z.string()),
    whoYouWantToBe: z.array(z.string()),
    askedQuestions: z.array(z.string()),
    updatedAt: z.date(),
  }),
);

const identityDtoSchema = shapeOf<IdentityDto>()(
  z.object({
    id: z.string(),
    name: z.string(),
    category: z.string(),
    state: z.string(),
    notes: z.array(z.string()),
    iAmStatement: z.string().nullable(),
    visualization: z.string().nullable(),
    order: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  }),
);

const userNoteDtoSchema = shapeOf<UserNoteDto>()(
  z.object({
    id: z.string(),
    note: z.string(),
    sourceMessageId: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  }),
);

export const pendingActionDtoSchema = shapeOf<PendingActionDto>()(
  z.object({
    id: z.string(),
    actionId: z.string(),
    type: z.string(),
    title: z.string(),
    params: jsonSchema,
    status: z.enum(pendingStatuses),
    chatMessageId: z.string().nullable(),
    createdAt: z.date(),
    resolvedAt: z.date().nullable(),
  }),
);

export const stateDtoSchema = shapeOf<StateDto>()(
  z.object({
    user: userDtoSchema,
    state: coachStateDtoSchema,
    identities: z.array(identityDtoSchema),
    notes: z.array(userNoteDtoSchema),
    pending: z.array(pendingActionDtoSchema),
  }),
);

export const chatMessageDtoSchema = shapeOf<ChatMessageDto>()(
  z.object({
    id: z.string(),
    role: z.enum(["user", "coach"]),
    content: z.string(),
    component: coachComponentSchema.nullable(),
    phase: z.string().nullable(),
    promptVersion: z.number().int().nullable(),
    createdAt: z.date(),
  }),
);

/** A page of a list (`Page<T>`): the items, newest first, and the cursor of the next page. */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const actionLogEntryDtoSchema = shapeOf<ActionLogEntryDto>()(
  z.object({
    id: z.string(),
    type: z.string(),
    params: jsonSchema,
    status: z.enum(actionStatuses),
    invoker: invokerSchema,
    resultSummary: z.string().nullable(),
    result: jsonSchema,
    error: detailedErrorSchema.nullable(),
    chatMessageId: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    testScenarioId: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  }),
);

export const catalogEntryDtoSchema = shapeOf<CatalogEntryDto>()(
  z.object({
    type: actionTypeSchema,
    title: z.string(),
    icon: z.string(),
    description: z.string(),
    params: jsonObjectSchema,
    invokers: z.array(invokerSchema),
    confirmation: z.boolean(),
    phases: z.array(phaseSchema),
  }),
);

export const tokenInfoDtoSchema = shapeOf<TokenInfoDto>()(
  z.object({
    id: z.string(),
    name: z.string(),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
    current: z.boolean(),
  }),
);

export const healthSchema = shapeOf<Health>()(
  z.object({ status: z.enum(["ok", "degraded"]), db: z.boolean(), events: z.boolean() }),
);

export const apiVersionSchema = shapeOf<ApiVersion>()(z.object({ api: z.number().int() }));

export const turnResultSchema = shapeOf<TurnResult>()(
  storedTurnResultSchema.extend({ replayed: z.boolean() }),
);

export const turnStreamEventSchema: z.ZodType<TurnStreamEvent> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("turn.started"), turnId: z.string(), userMessageId: z.string() }),
  z.object({ type: z.literal("message.delta"), text: z.string() }),
  z.object({ type: z.literal("turn.reasked"), problems: z.array(z.string()) }),
  z.object({
    type: z.literal("action.started"),
    actionId: z.string(),
    actionType: actionTypeSchema,
  }),
  z.object({ type: z.literal("action.completed"), outcome: outcomeSchemas.completed }),
  z.object({ type: z.literal("action.failed"), outcome: outcomeSchemas.failed }),
  z.object({ type: z.literal("action.pending_confirmation"), outcome: outcomeSchemas.pending }),
  z.object({ type: z.literal("turn.completed"), result: turnResultSchema }),
  z.object({
    type: z.literal("turn.failed"),
    error: z.object({
      kind: z.union([keysOf(errorReasons), z.enum(["internal", "interrupted"])]),
      message: z.string(),
    }),
  }),
  z.object({ type: z.literal("turn.stopped") }),
]);

export const actionEventMessageSchema = shapeOf<ActionEventMessage>()(
  z.object({
    id: z.string(),
    userId: z.string(),
    actionId: z.string(),
    actionType: z.string(),
    kind: z.enum(actionEventKinds),
    summary: z.string().nullable(),
    data: jsonSchema,
    truncated: z.boolean(),
    createdAt: z.string(),
  }),
);

/** The keys of a literal table, as a zod enum. */
function keysOf<T extends Record<string, unknown>>(table: T) {
  return z.enum(Object.keys(table).filter((key): key is Extract<keyof T, string> => key in table));
}

/** A failed request's body (`ApiErrorShape`): the message, tRPC's code and the error data. */
export const apiErrorShapeSchema = shapeOf<ApiErrorShape>()(
  z.object({
    message: z.string(),
    code: z.enum(TRPC_ERROR_CODES_BY_KEY),
    data: z.object({
      code: z.enum(TRPC_ERROR_CODES_BY_NUMBER),
      httpStatus: z.number().int(),
      path: z.string().exactOptional(),
      reason: keysOf(errorReasons).nullable(),
      inputIssues: z
        .object({
          formErrors: z.array(z.string()),
          fieldErrors: z.record(z.string(), z.array(z.string())),
        })
        .nullable(),
    }),
  }),
);

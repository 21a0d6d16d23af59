import {
  type ActionParamsInput,
  actionTypes,
  catalog,
  invokerSchema,
  paramsJsonSchema,
  phasesOfAction,
  type UserActionType,
} from "@trellis/actions";
import {
  type ActionLogEntryDto,
  type ActionOutcome,
  actionStatuses,
  type CatalogEntryDto,
  type Page,
} from "@trellis/contract";
import { actionLogEntryDto } from "@trellis/engine";
import { z } from "zod";
import { idempotencyKey, text, timestamp } from "../inputs.ts";
import { cursorPage, newestFirst, pageInput } from "../pagination.ts";
import { executeInputJsonSchema } from "../plain/action-inputs.ts";
import { checkedInput } from "../plain/json-schema.ts";
import { authedProcedure, router, subjectProcedure } from "../trpc.ts";

/**
 * What a caller sends to `actions.execute`: `params` typed by `type`, so
 * `execute.mutate({ type: ActionType.ACCEPT_I_AM_STATEMENT, params })` checks `params` against
 * that action's definition. Only actions a user may invoke: the coach's and the system's own
 * (mark_question_asked, add_user_note …) do not type-check; the engine still refuses them.
 *
 * Why ONE procedure with this discriminated union, not one procedure per action:
 * - Type-check cost: the router stays one procedure whatever the catalog's size. Per-action
 *   procedures make the router (and tRPC's client decoration, which maps over every procedure
 *   on every use of the client) grow with the catalog: 1,000 actions would be 1,000 procedure
 *   types, each with its own inferred input and output. This union is one flat indexed mapped
 *   type over the catalog's params map; TypeScript checks a call by its `type` literal.
 *   Measured (tsc 7, 1,000 synthetic zod actions, router + a client making 3 calls): union
 *   302k instantiations, 0.40 s check, 158 MB; one procedure per action 1.08M, 1.15 s, 254 MB
 *   (at 200 actions: 67k vs 222k instantiations).
 * - Developer experience: one call shape, `ActionType` constants for `type`, the same outcome
 *   type for every action, and a UI can drive it generically from `actions.catalog`.
 * - Run time: params are NOT validated by tRPC. The engine validates them, so invalid input is
 *   audited like every other attempt and comes back as a typed failed outcome with field errors.
 */
export type ExecuteInput = {
  [T in UserActionType]: {
    type: T;
    params: ActionParamsInput<T>;
    /** Replaying with the same key returns the first outcome; nothing is applied twice. */
    idempotencyKey?: string;
  };
}[UserActionType];

/** The envelope checked by tRPC; `params` stays untrusted until the engine parses it. */
const executeEnvelope = z.object({
  type: text().min(1).max(64),
  params: z.unknown(),
  idempotencyKey: idempotencyKey.optional(),
});

/** Callers see `ExecuteInput`; the handler gets the checked envelope (type string, params unknown). */
const executeInput = checkedInput<ExecuteInput>()(executeEnvelope, executeInputJsonSchema);

const logInput = z
  .object({
    ...pageInput,
    /** An action type (or "pending_action" for approvals/rejections of unknown ids). */
    type: text().min(1).max(64).optional(),
    status: z.enum(actionStatuses).optional(),
    invoker: invokerSchema.optional(),
    /** Inclusive lower bound of createdAt. */
    from: timestamp.optional(),
    /** Exclusive upper bound of createdAt. */
    to: timestamp.optional(),
  })
  .default({ limit: 50 });

let catalogEntries: CatalogEntryDto[] | undefined;

function catalogDto(): CatalogEntryDto[] {
  catalogEntries ??= actionTypes.map((type) => {
    const definition = catalog[type];
    return {
      type,
      title: definition.title,
      icon: definition.icon,
      description: definition.description,
      params: paramsJsonSchema(type),
      invokers: definition.invokers,
      confirmation: definition.confirmation,
      phases: phasesOfAction(type),
    };
  });
  return catalogEntries;
}

export const actionsRouter = router({
  /** Every action, for UIs: title, icon, params JSON Schema, who may invoke it, confirmation. */
  catalog: authedProcedure.query((): CatalogEntryDto[] => catalogDto()),

  /**
   * Runs one action as the user. Engine failures (invalid params, not allowed, not found …)
   * are a RESULT, `{ status: "failed", error: DetailedError }`, not a tRPC error: the attempt
   * was audited (it has an `actionId`), and the outcome has the same shape as the ones
   * `chat.send` returns. tRPC errors are kept for requests that never reached the engine
   * (authentication, a malformed envelope). Admins may pass `testScenarioId` to run it as
   * the user of one of their test scenarios.
   */
  execute: subjectProcedure
    .input(executeInput)
    .mutation(async ({ ctx, input }): Promise<ActionOutcome> => {
      const { subject } = ctx;
      const outcome = await ctx.runtime.engine.execute({
        userId: subject.userId,
        type: input.type,
        params: input.params,
        invoker: "user",
        ...(ctx.agent ? { agent: true } : {}),
        ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
        ...(subject.testScenarioId ? { testScenarioId: subject.testScenarioId } : {}),
      });
      ctx.logAction({ ...subject, ...outcome, invoker: "user" });
      return outcome;
    }),

  /** The audit log, newest first, filtered and paginated. */
  log: subjectProcedure
    .input(logInput)
    .query(({ ctx, input }): Promise<Page<ActionLogEntryDto>> => {
      const { prisma } = ctx.runtime.db;
      const { userId } = ctx.subject;
      const createdAt = {
        ...(input.from ? { gte: input.from } : {}),
        ...(input.to ? { lt: input.to } : {}),
      };
      return cursorPage({
        cursor: input.cursor,
        limit: input.limit,
        noun: "action",
        findAnchor: (id) =>
          prisma.action.findFirst({ where: { id, userId }, select: { id: true, createdAt: true } }),
        findRows: ({ after, take }) =>
          prisma.action.findMany({
            where: {
              userId,
              ...(input.type ? { type: input.type } : {}),
              ...(input.status ? { status: input.status } : {}),
              ...(input.invoker ? { invoker: input.invoker } : {}),
              ...(input.from || input.to ? { createdAt } : {}),
              AND: [after],
            },
            orderBy: newestFirst,
            take,
          }),
        toItem: actionLogEntryDto,
      });
    }),
});

import { type ActionParamsInput, type ActionType, isRecord } from "@trellis/actions";
import type { ActionOutcome, PendingActionDto } from "@trellis/contract";
import { pendingActionDto } from "@trellis/engine";
import { z } from "zod";
import { ApiError } from "../api-error.ts";
import { id, idempotencyKey } from "../inputs.ts";
import { approveInputJsonSchema } from "../plain/action-inputs.ts";
import { checkedInput } from "../plain/json-schema.ts";
import { router, subjectProcedure } from "../trpc.ts";

/**
 * What a caller sends to `pending.approve`. An edit of the proposed params names the pending
 * action's type (a confirmation's `actionType`), so `params` type-checks against that action's
 * params as in `actions.execute`; only the keys it changes are needed.
 */
export type ApproveInput = {
  pendingActionId: string;
  /** Replaying with the same key returns the first outcome; nothing is applied twice. */
  idempotencyKey?: string;
} & (
  | { type?: undefined; params?: undefined }
  | { [T in ActionType]: { type: T; params: Partial<ActionParamsInput<T>> } }[ActionType]
);

/** The envelope checked by tRPC; the merged params are validated by the engine. */
const approveEnvelope = z
  .object({
    pendingActionId: id,
    type: z.string().min(1).max(64).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .refine((input) => (input.type === undefined) === (input.params === undefined), {
    message: "Edited params need the pending action's type, and a type needs params",
    path: ["params"],
  });

/** Callers see `ApproveInput`; the handler gets the checked envelope (as `actions.execute`). */
const approveInput = checkedInput<ApproveInput>()(approveEnvelope, approveInputJsonSchema);

export const pendingRouter = router({
  /** Actions the coach proposed that wait for the user (default: the open ones). */
  list: subjectProcedure
    .input(
      z
        .object({ status: z.enum(["pending", "approved", "rejected"]).default("pending") })
        .default({ status: "pending" }),
    )
    .query(async ({ ctx, input }): Promise<PendingActionDto[]> => {
      const { userId } = ctx.subject;
      const rows = await ctx.runtime.db.prisma.pendingAction.findMany({
        where: { userId, status: input.status },
        orderBy: { createdAt: "asc" },
        take: 200,
      });
      return rows.map(pendingActionDto);
    }),

  /**
   * Applies a pending action as the user. `type` + `params` optionally edit what the coach
   * proposed (e.g. the wording of an "I am" statement): the keys of `params` replace the
   * proposed ones, and the result is validated by the engine like any params; a `type` other
   * than the pending action's is a BAD_REQUEST and changes nothing. Failures (an unknown or
   * another user's id: kind "not_found") are a failed outcome, as for `actions.execute`.
   */
  approve: subjectProcedure
    .input(approveInput)
    .mutation(async ({ ctx, input }): Promise<ActionOutcome> => {
      const { db, engine } = ctx.runtime;
      const { userId } = ctx.subject;
      let params: Record<string, unknown> | undefined;
      if (input.params) {
        const pending = await db.prisma.pendingAction.findFirst({
          where: { id: input.pendingActionId, userId },
          select: { params: true, type: true },
        });
        if (pending && pending.type !== input.type) {
          throw new ApiError({
            reason: "invalid_input",
            message: `Pending action ${input.pendingActionId} is ${pending.type}, not ${input.type}`,
          });
        }
        params = { ...(isRecord(pending?.params) ? pending.params : {}), ...input.params };
      }
      const outcome = await engine.approvePending(userId, input.pendingActionId, {
        ...(params ? { params } : {}),
        ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
      });
      ctx.logAction({ userId, ...outcome, invoker: "user" });
      return outcome;
    }),

  /** Declines a pending action: nothing is applied; the decision is logged and published. */
  reject: subjectProcedure
    .input(z.object({ pendingActionId: id }))
    .mutation(async ({ ctx, input }): Promise<ActionOutcome> => {
      const { userId } = ctx.subject;
      const outcome = await ctx.runtime.engine.rejectPending(userId, input.pendingActionId);
      ctx.logAction({ userId, ...outcome, invoker: "user" });
      return outcome;
    }),
});

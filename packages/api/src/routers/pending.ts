import type { ActionOutcome } from "@trellis/engine";
import { z } from "zod";
import { type PendingActionDto, pendingActionDto } from "../dto.ts";
import { id, idempotencyKey, testScenarioId } from "../inputs.ts";
import { subjectOf } from "../subject.ts";
import { authedProcedure, router } from "../trpc.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const pendingRouter = router({
  /** Actions the coach proposed that wait for the user (default: the open ones). */
  list: authedProcedure
    .input(
      z
        .object({
          status: z.enum(["pending", "approved", "rejected"]).default("pending"),
          testScenarioId,
        })
        .default({ status: "pending" }),
    )
    .query(async ({ ctx, input }): Promise<PendingActionDto[]> => {
      const { userId } = await subjectOf(ctx.runtime.db, ctx.user, input.testScenarioId);
      const rows = await ctx.runtime.db.prisma.pendingAction.findMany({
        where: { userId, status: input.status },
        orderBy: { createdAt: "asc" },
        take: 200,
      });
      return rows.map(pendingActionDto);
    }),

  /**
   * Applies a pending action as the user. `params` optionally edits what the coach proposed
   * (e.g. the wording of an "I am" statement): its keys replace the proposed ones, and the
   * result is validated by the engine like any params. Failures (an unknown or another user's
   * id: kind "not_found") are a failed outcome, as for `actions.execute`.
   */
  approve: authedProcedure
    .input(
      z.object({
        pendingActionId: id,
        params: z.record(z.string(), z.unknown()).optional(),
        idempotencyKey: idempotencyKey.optional(),
        testScenarioId,
      }),
    )
    .mutation(async ({ ctx, input }): Promise<ActionOutcome> => {
      const { db, engine } = ctx.runtime;
      const { userId } = await subjectOf(db, ctx.user, input.testScenarioId);
      let params: Record<string, unknown> | undefined;
      if (input.params) {
        const pending = await db.prisma.pendingAction.findFirst({
          where: { id: input.pendingActionId, userId },
          select: { params: true },
        });
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
  reject: authedProcedure
    .input(z.object({ pendingActionId: id, testScenarioId }))
    .mutation(async ({ ctx, input }): Promise<ActionOutcome> => {
      const { userId } = await subjectOf(ctx.runtime.db, ctx.user, input.testScenarioId);
      const outcome = await ctx.runtime.engine.rejectPending(userId, input.pendingActionId);
      ctx.logAction({ userId, ...outcome, invoker: "user" });
      return outcome;
    }),
});

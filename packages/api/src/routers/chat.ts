import type { TurnResult, TurnStreamEvent } from "@trellis/ai";
import { TRPCError, type TrackedEnvelope, tracked } from "@trpc/server";
import { z } from "zod";
import { type ChatMessageDto, chatMessageDto, type Page } from "../dto.ts";
import { mapErrors, notFound } from "../errors.ts";
import { id, pageLimit, testScenarioId } from "../inputs.ts";
import { subjectOf } from "../subject.ts";
import { authedProcedure, router } from "../trpc.ts";
import { logOutcomes, openTurnStream } from "../turn-stream/open-stream.ts";
import { sendInput, streamInput } from "./chat-inputs.ts";

const historyInput = z
  .object({
    /** `nextCursor` of the previous page (a message id); absent for the newest messages. */
    cursor: id.optional(),
    limit: pageLimit,
    testScenarioId,
  })
  .default({ limit: 50 });

export const chatRouter = router({
  /** One coach turn: stores the message, asks the model, applies its actions in order. */
  send: authedProcedure
    .input(sendInput)
    .mutation(async ({ ctx, input, signal }): Promise<TurnResult> => {
      const { db, turn } = ctx.runtime;
      if (input.promptVersion !== undefined && ctx.user.role !== "admin") {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: "Pinning a prompt version is for admins",
        });
      }
      const subject = await subjectOf(db, ctx.user, input.testScenarioId);
      const slot = await ctx.limits?.holdTurn(subject.userId);
      const result = await mapErrors(() =>
        turn.send({
          userId: subject.userId,
          message: input.message,
          ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
          ...(input.promptVersion !== undefined ? { promptVersion: input.promptVersion } : {}),
          ...(subject.testScenarioId ? { testScenarioId: subject.testScenarioId } : {}),
          // Cancels a keyless turn still waiting for the model when the client disconnects.
          ...(signal ? { signal } : {}),
        }),
      ).finally(() => slot?.release());
      logOutcomes(ctx.logAction, result, subject);
      return result;
    }),

  /**
   * The same turn as `send`, as a stream of events (SSE, each with its number as the tracked
   * id). The turn runs on when the connection drops; reconnecting with the last id (tRPC's
   * client does so by itself) continues from there. Ends after `turn.completed`,
   * `turn.failed` or `turn.stopped`.
   */
  stream: authedProcedure.input(streamInput).subscription(async function* ({
    ctx,
    input,
    signal,
  }): AsyncGenerator<TrackedEnvelope<TurnStreamEvent>, void, undefined> {
    const events = await openTurnStream(ctx, input, signal);
    for await (const { seq, event } of events) yield tracked(String(seq), event);
  }),

  /**
   * Stops a turn that is still waiting for or streaming from the model: the model call is
   * aborted, nothing is applied, and its stream ends with `turn.stopped`. A turn whose reply is
   * already complete finishes anyway (its stream says which). `stopped` is whether the stop
   * reached the turn: false for a finished turn, or one that another server process runs.
   */
  stop: authedProcedure
    .input(z.object({ turnId: id, testScenarioId }))
    .mutation(async ({ ctx, input }): Promise<{ stopped: boolean }> => {
      const { userId } = await subjectOf(ctx.runtime.db, ctx.user, input.testScenarioId);
      return { stopped: ctx.turns.stop(userId, input.turnId) };
    }),

  /** The conversation, newest first, a page at a time. */
  history: authedProcedure
    .input(historyInput)
    .query(async ({ ctx, input }): Promise<Page<ChatMessageDto>> => {
      const { prisma } = ctx.runtime.db;
      const { userId } = await subjectOf(ctx.runtime.db, ctx.user, input.testScenarioId);
      let after = {};
      if (input.cursor !== undefined) {
        const anchor = await prisma.chatMessage.findFirst({
          where: { id: input.cursor, userId },
          select: { id: true, createdAt: true },
        });
        if (!anchor) throw notFound(`No message with id ${input.cursor}`);
        after = {
          OR: [
            { createdAt: { lt: anchor.createdAt } },
            { createdAt: anchor.createdAt, id: { lt: anchor.id } },
          ],
        };
      }
      const rows = await prisma.chatMessage.findMany({
        where: { userId, ...after },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: input.limit + 1,
      });
      const items = rows.slice(0, input.limit).map(chatMessageDto);
      return {
        items,
        nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null,
      };
    }),
});

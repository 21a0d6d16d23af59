import { MAX_USER_MESSAGE_CHARS, type TurnResult } from "@trellis/ai";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { type ChatMessageDto, chatMessageDto, type Page } from "../dto.ts";
import { mapErrors, notFound } from "../errors.ts";
import { id, idempotencyKey, pageLimit, positiveInt4, testScenarioId, text } from "../inputs.ts";
import { subjectOf } from "../subject.ts";
import { authedProcedure, router } from "../trpc.ts";

const sendInput = z.object({
  message: text().trim().min(1, "The message is empty").max(MAX_USER_MESSAGE_CHARS),
  /**
   * Retrying with the same key returns the first turn's result (waiting for it while it runs);
   * nothing runs twice. The same key with another message is refused.
   */
  idempotencyKey: idempotencyKey.optional(),
  /** Admins: chat as the user instantiated from one of their test scenarios. */
  testScenarioId,
  /** Admins: use this prompt version instead of the phase's active one. */
  promptVersion: positiveInt4.optional(),
});

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
      if (!result.replayed) {
        for (const outcome of result.actions) {
          ctx.logAction({
            userId: subject.userId,
            actionId: outcome.actionId,
            type: outcome.type,
            status: outcome.status,
            invoker: "coach",
            testScenarioId: subject.testScenarioId,
          });
        }
      }
      return result;
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

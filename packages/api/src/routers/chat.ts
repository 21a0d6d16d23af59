import { MAX_USER_MESSAGE_CHARS } from "@trellis/ai";
import type { ChatMessageDto, Page, TurnResult } from "@trellis/contract";
import { chatMessageDto } from "@trellis/engine";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { idempotencyKey, positiveInt4, text } from "../inputs.ts";
import { cursorPage, newestFirst, pageInput } from "../pagination.ts";
import { router, subjectProcedure } from "../trpc.ts";

const sendInput = z.object({
  message: text().trim().min(1, "The message is empty").max(MAX_USER_MESSAGE_CHARS),
  /**
   * Retrying with the same key returns the first turn's result (waiting for it while it runs);
   * nothing runs twice. The same key with another message is refused.
   */
  idempotencyKey: idempotencyKey.optional(),
  /** Admins: use this prompt version instead of the phase's active one. */
  promptVersion: positiveInt4.optional(),
});

const historyInput = z.object(pageInput).default({ limit: 50 });

export const chatRouter = router({
  /**
   * One coach turn: stores the message, asks the model, applies its actions in order. Admins
   * may pass `testScenarioId` to chat as the user instantiated from one of their scenarios.
   */
  send: subjectProcedure
    .input(sendInput)
    .mutation(async ({ ctx, input, signal }): Promise<TurnResult> => {
      const { turn } = ctx.runtime;
      const { subject } = ctx;
      if (input.promptVersion !== undefined && ctx.user.role !== "admin") {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: "Pinning a prompt version is for admins",
        });
      }
      const slot = await ctx.limits?.holdTurn(subject.userId);
      const result = await turn
        .send({
          userId: subject.userId,
          message: input.message,
          ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
          ...(input.promptVersion !== undefined ? { promptVersion: input.promptVersion } : {}),
          ...(subject.testScenarioId ? { testScenarioId: subject.testScenarioId } : {}),
          // Cancels a keyless turn still waiting for the model when the client disconnects.
          ...(signal ? { signal } : {}),
        })
        .finally(() => slot?.release());
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
  history: subjectProcedure
    .input(historyInput)
    .query(({ ctx, input }): Promise<Page<ChatMessageDto>> => {
      const { prisma } = ctx.runtime.db;
      const { userId } = ctx.subject;
      return cursorPage({
        cursor: input.cursor,
        limit: input.limit,
        noun: "message",
        findAnchor: (id) =>
          prisma.chatMessage.findFirst({
            where: { id, userId },
            select: { id: true, createdAt: true },
          }),
        findRows: ({ after, take }) =>
          prisma.chatMessage.findMany({
            where: { userId, ...after },
            orderBy: newestFirst,
            take,
          }),
        toItem: chatMessageDto,
      });
    }),
});

import type { ChatMessageDto, Page, TurnResult, TurnStreamEvent } from "@trellis/contract";
import { chatMessageDto } from "@trellis/engine";
import { TRPCError, type TrackedEnvelope, tracked } from "@trpc/server";
import { z } from "zod";
import { id, idempotencyKey } from "../inputs.ts";
import { cursorPage, newestFirst, pageInput } from "../pagination.ts";
import { router, subjectProcedure } from "../trpc.ts";
import { logOutcomes, openTurnStream } from "../turn-stream/open-stream.ts";
import { stopTurn } from "../turn-stream/stop-turn.ts";
import { holdTurnSlot } from "../turn-stream/turn-slot.ts";
import { sendInput, streamInput } from "./chat-inputs.ts";

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
      const slot = await holdTurnSlot(ctx, subject.userId, input.idempotencyKey);
      // `chat.stop` reaches the turn while it waits for the model: it then fails `stopped`.
      const result = await ctx.turns
        .runSend(subject.userId, input.idempotencyKey, ({ stop, onStarted, onStopTaken }) =>
          turn.send({
            userId: subject.userId,
            message: input.message,
            ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
            ...(input.promptVersion !== undefined ? { promptVersion: input.promptVersion } : {}),
            ...(subject.testScenarioId ? { testScenarioId: subject.testScenarioId } : {}),
            // Cancels a keyless turn still waiting for the model when the client disconnects.
            ...(signal ? { signal } : {}),
            stop,
            onStarted,
            ...(onStopTaken ? { onStopTaken } : {}),
          }),
        )
        .finally(() => slot?.release());
      logOutcomes(ctx.logAction, result, subject);
      return result;
    }),

  /**
   * The same turn as `send`, as a stream of events (SSE, each with its number as the tracked
   * id). The turn runs on when the connection drops; reconnecting with the last id (tRPC's
   * client does so by itself) continues from there. Ends after `turn.completed`,
   * `turn.failed` or `turn.stopped`.
   */
  stream: subjectProcedure.input(streamInput).subscription(async function* ({
    ctx,
    input,
    signal,
  }): AsyncGenerator<TrackedEnvelope<TurnStreamEvent>, void, undefined> {
    // Every open stream counts against the user's cap of open subscriptions.
    const slot = await ctx.limits?.holdSubscription(ctx.subject.userId);
    try {
      const events = await openTurnStream(ctx, input, signal);
      for await (const { seq, event } of events) yield tracked(String(seq), event);
    } finally {
      await slot?.release();
    }
  }),

  /**
   * Stops a turn (streamed or `chat.send`) that is still waiting for or streaming from the
   * model, on whatever server process runs it: the model call is aborted, nothing is applied,
   * a stream ends with `turn.stopped` for every follower and `chat.send` fails with reason
   * `stopped`. By `turnId`, or by the `idempotencyKey` the client sent (a stop pressed before
   * the turn has an id: a turn that has not started yet, or waits for its slot, is stopped
   * when it starts). A turn whose reply is already complete finishes anyway. `stopped` says
   * what happened: true when the stop ended the turn (or will, for one not started yet), false
   * for a turn that finished, one whose process died, or an unknown id.
   */
  stop: subjectProcedure
    .input(z.union([z.object({ turnId: id }), z.object({ idempotencyKey })]))
    .mutation(
      ({ ctx, input }): Promise<{ stopped: boolean }> => stopTurn(ctx, ctx.subject.userId, input),
    ),

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

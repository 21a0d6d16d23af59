import { z } from "zod";
import {
  coachStateDto,
  identityDto,
  pendingActionDto,
  type StateDto,
  userDto,
  userNoteDto,
} from "../dto.ts";
import { testScenarioId } from "../inputs.ts";
import { subjectOf } from "../subject.ts";
import { authedProcedure, router } from "../trpc.ts";

export const stateRouter = router({
  /** The user, coach state, identities, notes and open pending actions. */
  get: authedProcedure
    .input(z.object({ testScenarioId }).default({}))
    .query(async ({ ctx, input }): Promise<StateDto> => {
      const { prisma } = ctx.runtime.db;
      const { userId } = await subjectOf(ctx.runtime.db, ctx.user, input.testScenarioId);
      const [user, state, identities, notes, pending] = await Promise.all([
        prisma.user.findUniqueOrThrow({ where: { id: userId } }),
        prisma.coachState.upsert({ where: { userId }, update: {}, create: { userId } }),
        prisma.identity.findMany({
          where: { userId },
          orderBy: [{ order: "asc" }, { createdAt: "asc" }],
        }),
        prisma.userNote.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
        prisma.pendingAction.findMany({
          where: { userId, status: "pending" },
          orderBy: { createdAt: "asc" },
        }),
      ]);
      return {
        user: userDto(user),
        state: coachStateDto(state),
        identities: identities.map(identityDto),
        notes: notes.map(userNoteDto),
        pending: pending.map(pendingActionDto),
      };
    }),
});

import type { StateDto } from "@trellis/contract";
import {
  coachStateDto,
  identityDto,
  pendingActionDto,
  userDto,
  userNoteDto,
} from "@trellis/engine";
import { router, subjectProcedure } from "../trpc.ts";

export const stateRouter = router({
  /** The user, coach state, identities, notes and open pending actions. */
  get: subjectProcedure.query(async ({ ctx }): Promise<StateDto> => {
    const { prisma } = ctx.runtime.db;
    const { userId } = ctx.subject;
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

import type { Prisma } from "@trellis/db";
import type { HandlerContext } from "./context.ts";

/** Changes the user's coach state; every change bumps its `version`, whoever makes it. */
export async function updateCoachState(
  ctx: HandlerContext,
  data: Omit<Prisma.CoachStateUncheckedUpdateInput, "version">,
): Promise<void> {
  await ctx.tx.coachState.update({
    where: { userId: ctx.userId },
    data: { ...data, version: { increment: 1 } },
  });
}

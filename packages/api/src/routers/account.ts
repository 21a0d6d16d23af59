import { z } from "zod";
import type { TokenInfoDto, UserDto } from "@trellis/contract";
import { userDto } from "@trellis/engine";
import { notFound } from "../errors.ts";
import { id } from "../inputs.ts";
import { revokeToken } from "../tokens.ts";
import { authedProcedure, router } from "../trpc.ts";

export const accountRouter = router({
  me: authedProcedure.query(async ({ ctx }): Promise<UserDto> => {
    const user = await ctx.runtime.db.prisma.user.findUniqueOrThrow({
      where: { id: ctx.user.userId },
    });
    return userDto(user);
  }),

  /** The caller's tokens (never the secrets: they are not stored). */
  tokens: authedProcedure.query(async ({ ctx }): Promise<TokenInfoDto[]> => {
    const rows = await ctx.runtime.db.prisma.apiToken.findMany({
      where: { userId: ctx.user.userId },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      revokedAt: row.revokedAt,
      current: row.id === ctx.user.tokenId,
    }));
  }),

  /**
   * Signs out: revokes the token this request carries, so it is refused from now on (a copy
   * left in a browser, a log or a shell history is worthless). Open subscriptions on it end at
   * their next token check.
   */
  signOut: authedProcedure.mutation(async ({ ctx }): Promise<{ signedOut: true }> => {
    await revokeToken(ctx.runtime.db, ctx.user.tokenId, ctx.user.userId);
    return { signedOut: true };
  }),

  /** Revokes one of the caller's own tokens (possibly the current one). */
  revokeToken: authedProcedure
    .input(z.object({ tokenId: id }))
    .mutation(async ({ ctx, input }): Promise<{ revoked: true }> => {
      const revoked = await revokeToken(ctx.runtime.db, input.tokenId, ctx.user.userId);
      if (!revoked) throw notFound(`No active token with id ${input.tokenId}`);
      return { revoked: true };
    }),
});

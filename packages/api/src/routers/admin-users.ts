// Admin procedures for people: list and search users, create one, issue and revoke their API
// tokens.
import type { IssuedToken, Page, UserDto } from "@trellis/contract";
import { userDto } from "@trellis/engine";
import { z } from "zod";
import { ApiError } from "../api-error.ts";
import { notFound } from "../errors.ts";
import { id, text } from "../inputs.ts";
import { cursorPage, newestFirst, pageInput } from "../pagination.ts";
import { issueToken, revokeToken } from "../tokens.ts";
import { adminProcedure, router } from "../trpc.ts";

/** A user as the console lists it. */
export interface AdminUserDto extends UserDto {
  /** Tokens not revoked. */
  activeTokens: number;
  /** Whether it is a test scenario's instance (made by instantiating a scenario). */
  scenarioInstance: boolean;
}

export const usersRouter = router({
  /**
   * Users, newest first, a page at a time; `search` matches a part of the email, first or last
   * name (any case). Test scenarios' instances are left out unless `scenarioInstances`.
   */
  list: adminProcedure
    .input(
      z
        .object({
          ...pageInput,
          search: text().trim().max(200).optional(),
          scenarioInstances: z.boolean().default(false),
        })
        .default({ limit: 50, scenarioInstances: false }),
    )
    .query(({ ctx, input }): Promise<Page<AdminUserDto>> => {
      const { prisma } = ctx.runtime.db;
      const contains = input.search
        ? { contains: input.search, mode: "insensitive" as const }
        : null;
      const where = {
        ...(contains
          ? { OR: [{ email: contains }, { firstName: contains }, { lastName: contains }] }
          : {}),
        ...(input.scenarioInstances ? {} : { testScenarios: { none: {} } }),
      };
      return cursorPage({
        cursor: input.cursor,
        limit: input.limit,
        noun: "user",
        findAnchor: (userId) =>
          prisma.user.findUnique({ where: { id: userId }, select: { id: true, createdAt: true } }),
        findRows: ({ after, take }) =>
          prisma.user.findMany({
            where: { ...where, AND: [after] },
            orderBy: newestFirst,
            take,
            include: {
              _count: {
                select: { apiTokens: { where: { revokedAt: null } }, testScenarios: true },
              },
            },
          }),
        toItem: (row) => ({
          ...userDto(row),
          activeTokens: row._count.apiTokens,
          scenarioInstance: row._count.testScenarios > 0,
        }),
      });
    }),

  /** Creates a user (with its coach state, in `introduction`). */
  create: adminProcedure
    .input(
      z.object({
        email: z.email().max(320),
        firstName: text().trim().min(1).max(100),
        lastName: text().trim().max(100).default(""),
        role: z.enum(["user", "admin"]).default("user"),
      }),
    )
    .mutation(async ({ ctx, input }): Promise<UserDto> => {
      const { prisma } = ctx.runtime.db;
      const email = input.email.toLowerCase();
      // Said before the insert, in words: the unique index would only say "conflict".
      const taken = await prisma.user.findUnique({ where: { email }, select: { id: true } });
      if (taken) {
        throw new ApiError({
          reason: "already_exists",
          message: `A user with the email ${email} already exists`,
        });
      }
      return userDto(
        await prisma.user.create({ data: { ...input, email, coachState: { create: {} } } }),
      );
    }),
});

export const tokensRouter = router({
  /** Issues a token for a user. The secret is in this response only. */
  issue: adminProcedure
    .input(z.object({ userId: id, name: text().trim().min(1).max(100) }))
    .mutation(async ({ ctx, input }): Promise<IssuedToken> => {
      const { db } = ctx.runtime;
      const user = await db.prisma.user.findUnique({ where: { id: input.userId } });
      if (!user) throw notFound(`No user with id ${input.userId}`);
      return issueToken(db, user.id, input.name);
    }),

  revoke: adminProcedure
    .input(z.object({ tokenId: id }))
    .mutation(async ({ ctx, input }): Promise<{ revoked: true }> => {
      const revoked = await revokeToken(ctx.runtime.db, input.tokenId, null);
      if (!revoked) throw notFound(`No active token with id ${input.tokenId}`);
      return { revoked: true };
    }),
});

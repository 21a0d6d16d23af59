// Admin procedures: prompt versions, test scenarios, usage, evals (./evals.ts), and
// (./admin-users.ts) users and their API tokens.
import { type Phase, phaseSchema } from "@trellis/actions";
import { contextKeys } from "@trellis/ai";
import {
  type PromptDto,
  type ScenarioDto,
  type UsageRow,
  usageDimensions,
} from "@trellis/contract";
import type { Db, TestScenario } from "@trellis/db";
import { promptDto, scenarioDto } from "@trellis/engine";
import { countsOf, freezeUser, instantiateScenario, resetScenarioUser } from "@trellis/scenarios";
import { z } from "zod";
import { ApiError } from "../api-error.ts";
import { notFound } from "../errors.ts";
import { id, positiveInt4, text } from "../inputs.ts";
import { ownedScenario } from "../subject.ts";
import type { Caller } from "../tokens.ts";
import { adminProcedure, router } from "../trpc.ts";
import { tokensRouter, usersRouter } from "./admin-users.ts";
import { evalsRouter } from "./evals.ts";

const promptsRouter = router({
  list: adminProcedure
    .input(z.object({ phase: phaseSchema.optional() }).default({}))
    .query(async ({ ctx, input }): Promise<PromptDto[]> => {
      const prompts = await ctx.runtime.prompts.list(input.phase);
      return prompts.map(promptDto);
    }),

  /** Adds a version (validated first: unknown or undeclared placeholders are rejected). */
  create: adminProcedure
    .input(
      z.object({
        phase: phaseSchema,
        body: text().min(1).max(50_000),
        requiredContextKeys: z.array(z.enum(contextKeys)).max(contextKeys.length),
        /** Default true: the new version becomes the phase's active one. */
        activate: z.boolean().optional(),
      }),
    )
    .mutation(
      async ({ ctx, input }): Promise<PromptDto> =>
        promptDto(
          await ctx.runtime.prompts.createVersion({
            phase: input.phase,
            body: input.body,
            requiredContextKeys: input.requiredContextKeys,
            ...(input.activate === undefined ? {} : { activate: input.activate }),
          }),
        ),
    ),

  activate: adminProcedure
    .input(z.object({ phase: phaseSchema, version: positiveInt4 }))
    .mutation(
      async ({ ctx, input }): Promise<PromptDto> =>
        promptDto(await ctx.runtime.prompts.activate(input.phase satisfies Phase, input.version)),
    ),
});

/** The caller itself, or the instance of one of the caller's scenarios; else not found. */
async function freezableUser(db: Db, caller: Caller, userId: string | undefined): Promise<string> {
  if (userId === undefined || userId === caller.userId) return caller.userId;
  const owned = await db.prisma.testScenario.findFirst({
    where: { userId, ownerId: caller.userId },
    select: { id: true },
  });
  if (!owned) throw notFound(`No user with id ${userId}`);
  return userId;
}

/** A mutation on one of the caller's own test scenarios, answering the scenario afterwards. */
function scenarioMutation(apply: (db: Db, scenario: TestScenario) => Promise<ScenarioDto>) {
  return adminProcedure
    .input(z.object({ scenarioId: id }))
    .mutation(async ({ ctx, input }): Promise<ScenarioDto> => {
      const { db } = ctx.runtime;
      return apply(db, await ownedScenario(db, ctx.user, input.scenarioId));
    });
}

const scenariosRouter = router({
  list: adminProcedure.query(async ({ ctx }): Promise<ScenarioDto[]> => {
    const rows = await ctx.runtime.db.prisma.testScenario.findMany({
      where: { ownerId: ctx.user.userId },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((row) => scenarioDto(row, countsOf(row)));
  }),

  /**
   * Freezes a whole user state into a new scenario: the caller's own (default), or that of
   * the instance of one of the caller's scenarios (`userId`).
   */
  freeze: adminProcedure
    .input(
      z.object({
        name: text().trim().min(1).max(200),
        description: text().max(2000).optional(),
        userId: id.optional(),
      }),
    )
    .mutation(async ({ ctx, input }): Promise<ScenarioDto> => {
      const { db } = ctx.runtime;
      // Said before the work, in words: the unique index would only say "conflict".
      if (await db.prisma.testScenario.findUnique({ where: { name: input.name } })) {
        throw new ApiError({
          reason: "already_exists",
          message: `A scenario named “${input.name}” already exists: choose another name`,
        });
      }
      const sourceUserId = await freezableUser(db, ctx.user, input.userId);
      const snapshot = await freezeUser(db, sourceUserId);
      const row = await db.prisma.testScenario.create({
        data: {
          name: input.name,
          description: input.description ?? null,
          snapshot: snapshot ?? {},
          sourceUserId,
          ownerId: ctx.user.userId,
        },
      });
      return scenarioDto(row, countsOf(row));
    }),

  /** Creates a new user holding the snapshot; chat as it with `chat.send({ testScenarioId })`. */
  instantiate: scenarioMutation(async (db, scenario) => {
    if (scenario.userId !== null) {
      // One instance per scenario: reset it instead. Its old user goes away with a new one.
      await db.prisma.user.delete({ where: { id: scenario.userId } });
    }
    await instantiateScenario(db, scenario);
    const row = await db.prisma.testScenario.findUniqueOrThrow({ where: { id: scenario.id } });
    return scenarioDto(row, countsOf(row));
  }),

  /** Puts the scenario's instance back to the snapshot (same user id). */
  reset: scenarioMutation(async (db, scenario) => {
    if (scenario.userId === null) {
      throw notFound(`Test scenario ${scenario.id} has no instance: instantiate it first`);
    }
    await resetScenarioUser(db, scenario, scenario.userId);
    return scenarioDto(scenario, countsOf(scenario));
  }),
});

const day = z.iso.date();

/**
 * Model usage and cost from the ledger, summed by the dimensions asked for (user, phase,
 * prompt version, model, UTC day), largest cost first; no dimension gives one total.
 */
const usage = adminProcedure
  .input(
    z
      .object({
        groupBy: z.array(z.enum(usageDimensions)).max(usageDimensions.length).default(["day"]),
        from: day.optional(),
        to: day.optional(),
        userId: id.optional(),
      })
      .default({ groupBy: ["day"] }),
  )
  .query(
    ({ ctx, input }): Promise<UsageRow[]> =>
      ctx.runtime.usage.summarize({
        groupBy: [...new Set(input.groupBy)],
        ...(input.from === undefined ? {} : { from: input.from }),
        ...(input.to === undefined ? {} : { to: input.to }),
        ...(input.userId === undefined ? {} : { userId: input.userId }),
      }),
  );

export const adminRouter = router({
  usage,
  prompts: promptsRouter,
  scenarios: scenariosRouter,
  users: usersRouter,
  tokens: tokensRouter,
  evals: evalsRouter,
});

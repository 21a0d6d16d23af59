// Admin procedures of the evals (packages/evals): the run history and one run (its scores per
// phase and per action type, the comparison with its baseline version, each case's expected vs
// produced actions), and cases: stored ones, one made from a turn of a scenario's conversation,
// and an edited one saved back. Runs are written by `pnpm eval --store`; they never change.
import type { EvalCaseDto, EvalRunDto, EvalRunListItem, Json } from "@trellis/contract";
import type { Db } from "@trellis/db";
import { jsonSchema, toJson } from "@trellis/contract/schemas";
import {
  CaseError,
  caseFromTurn,
  listRuns,
  parseCase,
  readRun,
  saveCase,
  TurnNotFoundError,
} from "@trellis/evals";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { notFound } from "../errors.ts";
import { id, text } from "../inputs.ts";
import { ownedScenario } from "../subject.ts";
import { adminProcedure, router } from "../trpc.ts";

const caseKey = text()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case words joined by '-'");

type CaseRow = Awaited<ReturnType<Db["prisma"]["evalCase"]["findUniqueOrThrow"]>>;

function caseDto(row: CaseRow): EvalCaseDto {
  return {
    id: row.id,
    caseKey: row.caseKey,
    source: row.source,
    definition: toJson(row.definition),
    createdAt: row.createdAt.toISOString(),
  };
}

async function storedCase(db: Db, key: string): Promise<EvalCaseDto> {
  return caseDto(await db.prisma.evalCase.findUniqueOrThrow({ where: { caseKey: key } }));
}

/** A case that does not parse or cannot match is the caller's mistake, said precisely. */
function badCase(error: unknown): never {
  if (error instanceof CaseError || error instanceof TurnNotFoundError) {
    throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
  }
  throw error;
}

const runsRouter = router({
  list: adminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }))
    .query(({ ctx, input }): Promise<EvalRunListItem[]> => listRuns(ctx.runtime.db, input.limit)),

  get: adminProcedure.input(z.object({ id })).query(async ({ ctx, input }): Promise<EvalRunDto> => {
    const run = await readRun(ctx.runtime.db, input.id);
    if (!run) throw notFound(`No eval run with id ${input.id}`);
    return run;
  }),
});

const casesRouter = router({
  list: adminProcedure.query(async ({ ctx }): Promise<EvalCaseDto[]> => {
    const rows = await ctx.runtime.db.prisma.evalCase.findMany({ orderBy: { caseKey: "asc" } });
    return rows.map(caseDto);
  }),

  /** A case from one coach turn of one of the caller's scenarios, saved (source `console`). */
  fromTurn: adminProcedure
    .input(
      z.object({
        scenarioId: id,
        coachMessageId: id,
        caseKey,
        title: text().min(1).max(200).optional(),
      }),
    )
    .mutation(async ({ ctx, input }): Promise<EvalCaseDto> => {
      const { db } = ctx.runtime;
      const scenario = await ownedScenario(db, ctx.user, input.scenarioId);
      const evalCase = await caseFromTurn(db, {
        scenario,
        coachMessageId: input.coachMessageId,
        caseId: input.caseKey,
        title: input.title,
      }).catch(badCase);
      await saveCase(db, evalCase, {
        source: "console",
        sourceMessageId: input.coachMessageId,
        createdById: ctx.user.userId,
      });
      return storedCase(db, evalCase.id);
    }),

  /** Saves an edited case (checked against the case schema and the action definitions). */
  save: adminProcedure
    .input(z.object({ definition: jsonSchema }))
    .mutation(async ({ ctx, input }): Promise<EvalCaseDto> => {
      const { db } = ctx.runtime;
      let evalCase: ReturnType<typeof parseCase>;
      try {
        evalCase = parseCase(input.definition satisfies Json, "case");
      } catch (error) {
        badCase(error);
      }
      await saveCase(db, evalCase, { source: "console", createdById: ctx.user.userId });
      return storedCase(db, evalCase.id);
    }),
});

export const evalsRouter = router({ runs: runsRouter, cases: casesRouter });

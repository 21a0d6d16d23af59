// Reading stored eval runs back as the console shows them: the run history and one run.
import type { EvalRunDto, EvalRunListItem } from "@trellis/contract";
import type { Db } from "@trellis/db";
import { z } from "zod";
import {
  comparisonSchema,
  gateSchema,
  scoresSchema,
  settingsSchema,
  summarySchema,
} from "./run-schema.ts";

type RunRow = Awaited<ReturnType<Db["prisma"]["evalRun"]["findUniqueOrThrow"]>>;

function listItem(row: RunRow): EvalRunListItem {
  const summary = summarySchema.parse(row.summary);
  const settings = settingsSchema.parse(row.settings);
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    promptVersion: row.promptVersion,
    baselineVersion: row.baselineVersion,
    model: row.model,
    modes: settings.modes,
    trials: settings.trials,
    cases: summary.overall.cases.length,
    f1: summary.overall.metrics.f1.mean,
    passRate: summary.overall.metrics.passRate.mean,
    costUsd: summary.overall.metrics.costUsd.mean,
    gateFailures: gateSchema.parse(row.gate).length,
  };
}

/** The newest runs first. */
export async function listRuns(db: Db, limit = 50): Promise<EvalRunListItem[]> {
  const rows = await db.prisma.evalRun.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  return rows.map(listItem);
}

export async function readRun(db: Db, id: string): Promise<EvalRunDto | null> {
  const row = await db.prisma.evalRun.findUnique({ where: { id } });
  if (!row) return null;
  return {
    ...listItem(row),
    promptVersions: z.record(z.string(), z.number()).parse(row.promptVersions),
    summary: summarySchema.parse(row.summary),
    scores: scoresSchema.parse(row.scores),
    comparison: row.comparison === null ? null : comparisonSchema.nullable().parse(row.comparison),
    gate: gateSchema.parse(row.gate),
    traceIds: row.traceIds,
    durationMs: row.durationMs,
  };
}

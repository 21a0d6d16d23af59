// Eval runs and cases in the database (EvalRun, EvalCase). A run is written once and never
// changed (the table refuses updates); the console reads runs from here, and saves the cases
// it makes from a scenario's turn here before they are exported as files.
import { type Db, Prisma } from "@trellis/db";
import { toJson } from "@trellis/contract/schemas";
import type { Summary } from "./aggregate.ts";
import type { EvalCase } from "./case-schema.ts";
import type { Comparison } from "./compare.ts";
import type { GateFailure } from "./gate.ts";
import type { TrialScore } from "./score.ts";

export interface RunRecord {
  promptVersion: number | null;
  baselineVersion: number | null;
  /** phase → the prompt version its turns used. */
  promptVersions: Record<string, number>;
  model: string;
  settings: { modes: string[]; trials: number; maxAttempts: number; replies: string };
  summary: Summary;
  scores: TrialScore[];
  comparison: Comparison | null;
  gate: GateFailure[];
  traceIds: string[];
  durationMs: number;
  createdById?: string | null;
}

export async function storeRun(db: Db, run: RunRecord): Promise<string> {
  const row = await db.prisma.evalRun.create({
    data: {
      promptVersion: run.promptVersion,
      baselineVersion: run.baselineVersion,
      promptVersions: json(run.promptVersions),
      model: run.model,
      settings: json(run.settings),
      summary: json(run.summary),
      scores: json(run.scores),
      ...(run.comparison ? { comparison: json(run.comparison) } : {}),
      gate: json(run.gate),
      traceIds: run.traceIds,
      durationMs: Math.round(run.durationMs),
      createdById: run.createdById ?? null,
    },
    select: { id: true },
  });
  return row.id;
}

/** Saves (or replaces) a case by its id; returns the row's id. */
export async function saveCase(
  db: Db,
  evalCase: EvalCase,
  origin: {
    source: "file" | "console";
    sourceMessageId?: string | null;
    createdById?: string | null;
  },
): Promise<string> {
  const data = {
    definition: json(evalCase),
    source: origin.source,
    sourceMessageId: origin.sourceMessageId ?? null,
    createdById: origin.createdById ?? null,
  };
  const row = await db.prisma.evalCase.upsert({
    where: { caseKey: evalCase.id },
    create: { caseKey: evalCase.id, ...data },
    update: data,
    select: { id: true },
  });
  return row.id;
}

/** A value as a JSON column takes it (a top-level null as the JSON null). */
function json(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  const converted = toJson(value);
  return converted === null ? Prisma.JsonNull : converted;
}

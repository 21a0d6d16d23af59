// The coach state row (`CoachState`): its columns, the typed view the pipeline and the turn
// read (one rule for what the catalog no longer knows), and the form clients read.
import {
  type IdentityCategory,
  identityCategories,
  identityCategorySchema,
  type Phase,
  phaseSchema,
} from "@trellis/actions";
import type { CoachStateDto } from "@trellis/contract";
import { jsonSchema } from "@trellis/contract/schemas";
import type { CoachState } from "@trellis/db";
import { z } from "zod";
import { type EveryColumn, rowSchemaOf, storedList, storedTimestamp } from "./columns.ts";

/**
 * The coach state's columns as a raw read returns them (`SELECT` or `row_to_json`), each
 * checked; the pipeline's lock and the turn's snapshot pick the columns they need from it.
 */
const coachStateColumns = rowSchemaOf<CoachState>()(
  z.object({
    id: z.string(),
    userId: z.string(),
    phase: z.string(),
    currentIdentityId: z.string().nullable(),
    identityFocus: z.string().nullable(),
    skippedCategories: storedList,
    whoYouAre: storedList,
    whoYouWantToBe: storedList,
    askedQuestions: storedList,
    metadata: jsonSchema,
    version: z.number(),
    createdAt: storedTimestamp,
    updatedAt: storedTimestamp,
  }),
);

/**
 * The coach state as the pipeline (under the user's row lock) and the coach's snapshot read
 * it, its text columns typed by the catalog.
 */
export interface CoachStateView {
  userId: string;
  phase: Phase;
  currentIdentityId: string | null;
  identityFocus: IdentityCategory | null;
  skippedCategories: IdentityCategory[];
  whoYouAre: string[];
  whoYouWantToBe: string[];
  askedQuestions: string[];
  version: number;
}

/**
 * A coach state row read into its view: every reader of the coach state parses it with this
 * (a raw `SELECT` or a `row_to_json`), so none of them decides the rules on its own.
 */
export const coachStateView: z.ZodType<CoachStateView, unknown> = coachStateColumns
  .pick({
    userId: true,
    phase: true,
    currentIdentityId: true,
    identityFocus: true,
    skippedCategories: true,
    whoYouAre: true,
    whoYouWantToBe: true,
    askedQuestions: true,
    version: true,
  })
  .transform((row) => ({
    ...row,
    phase: readPhase(row.phase),
    identityFocus: readCategory(row.identityFocus),
    skippedCategories: readCategories(row.skippedCategories),
  }));

/**
 * Kept on the server: `metadata` is free-form server data, `version` the optimistic-lock
 * counter, `createdAt` unused by clients.
 */
type ServerOnly = "id" | "userId" | "metadata" | "version" | "createdAt";

export function coachStateDto(row: CoachState): CoachStateDto {
  return {
    phase: readPhase(row.phase),
    currentIdentityId: row.currentIdentityId,
    identityFocus: readCategory(row.identityFocus),
    skippedCategories: readCategories(row.skippedCategories),
    whoYouAre: row.whoYouAre,
    whoYouWantToBe: row.whoYouWantToBe,
    askedQuestions: row.askedQuestions,
    updatedAt: row.updatedAt,
  } satisfies EveryColumn<CoachState, ServerOnly>;
}

// What the catalog no longer knows (a phase or category renamed or removed while users were
// in it), read the same way everywhere: a turn then prompts, and the pipeline then allows,
// the same phase, and the next write of the column repairs it.

/** A stored phase the catalog no longer knows reads as the first phase. */
export function readPhase(phase: string): Phase {
  return phaseSchema.catch("introduction").parse(phase);
}

/** A focus the catalog no longer knows reads as none. */
function readCategory(category: string | null): IdentityCategory | null {
  const parsed = identityCategorySchema.safeParse(category);
  return parsed.success ? parsed.data : null;
}

/** Skipped categories as a set: the known ones, once each, in the catalog's order. */
function readCategories(stored: readonly string[]): IdentityCategory[] {
  return identityCategories.filter((category) => stored.includes(category));
}

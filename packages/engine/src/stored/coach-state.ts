// The coach state row (`CoachState`) as clients read it.
import { type Phase, phaseSchema } from "@trellis/actions";
import type { CoachStateDto } from "@trellis/contract";
import { jsonSchema } from "@trellis/contract/schemas";
import type { CoachState } from "@trellis/db";
import { z } from "zod";
import { type EveryColumn, rowSchemaOf, storedList, storedTimestamp } from "./columns.ts";

/**
 * The coach state's columns as a raw read returns them (`SELECT` or `row_to_json`), each
 * checked; the pipeline's lock and the turn's snapshot pick the columns they need from it.
 */
export const coachStateColumns = rowSchemaOf<CoachState>()(
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
 * Kept on the server: `metadata` is free-form server data, `version` the optimistic-lock
 * counter, `createdAt` unused by clients.
 */
type ServerOnly = "id" | "userId" | "metadata" | "version" | "createdAt";

export function coachStateDto(row: CoachState): CoachStateDto {
  return {
    phase: readPhase(row.phase),
    currentIdentityId: row.currentIdentityId,
    identityFocus: row.identityFocus,
    skippedCategories: row.skippedCategories,
    whoYouAre: row.whoYouAre,
    whoYouWantToBe: row.whoYouWantToBe,
    askedQuestions: row.askedQuestions,
    updatedAt: row.updatedAt,
  } satisfies EveryColumn<CoachState, ServerOnly>;
}

/** A stored phase the catalog no longer knows reads as the first phase. */
export function readPhase(phase: string): Phase {
  return phaseSchema.catch("introduction").parse(phase);
}

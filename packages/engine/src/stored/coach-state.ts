// The coach state row (`CoachState`) as clients read it.
import { type Phase, phaseSchema } from "@trellis/actions";
import type { CoachStateDto } from "@trellis/contract";
import type { CoachState } from "@trellis/db";
import type { EveryColumn } from "./columns.ts";

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

// Type-level checks (compiled by `tsc` with the package, never run): a field added to a stored
// shape fails the type check wherever it is not handled. Each `@ts-expect-error` below is the
// error a developer meets; if the checks stopped catching it, the directive itself would fail.
import type { DetailedError } from "@trellis/contract";
import { detailedErrorSchema, shapeOf } from "@trellis/contract/schemas";
import type { CoachState, Identity } from "@trellis/db";
import { expectTypeOf } from "vitest";
import { coachStateDto } from "../../src/stored/coach-state.ts";
import type { EveryColumn } from "../../src/stored/columns.ts";
import { identityDto } from "../../src/stored/identity.ts";

/** The rows as they would be after a migration adding a column. */
type IdentityWithMood = Identity & { mood: string | null };
type CoachStateWithStreak = CoachState & { streak: number };

declare const identity: Identity;
declare const state: CoachState;

// Today's readers handle every column of today's rows.
export const identityHandled = identityDto(identity) satisfies EveryColumn<Identity, "userId">;

// The same reader, once the row has a new column, neither maps it nor leaves it out.
// @ts-expect-error: `mood` is missing, so the identity read for clients would drop it
export const identityNotHandled = identityDto(identity) satisfies EveryColumn<
  IdentityWithMood,
  "userId"
>;

// The coach state's reader leaves out exactly the server's own columns.
type StateServerOnly = "id" | "userId" | "metadata" | "version" | "createdAt";
export const stateHandled = coachStateDto(state) satisfies EveryColumn<CoachState, StateServerOnly>;
type StreakColumns = EveryColumn<CoachStateWithStreak, StateServerOnly>;
// @ts-expect-error: `streak` is missing from the coach state read for clients
export const stateNotHandled = coachStateDto(state) satisfies StreakColumns;

// Stored JSON read back with zod: the schema names exactly the type's keys, optional ones too.
export const errorHandled = shapeOf<DetailedError>()(detailedErrorSchema);
const withOptionalField = shapeOf<DetailedError & { retryAfter?: number }>();
const withRequiredField = shapeOf<DetailedError & { retryAfter: number }>();
// @ts-expect-error: the stored-error schema does not read `retryAfter`, a new optional field
export const errorNotHandled = withOptionalField(detailedErrorSchema);
// @ts-expect-error: nor a new required one
export const errorNotHandledRequired = withRequiredField(detailedErrorSchema);

// What clients read: the row's dates stay dates, the server's own columns never leave.
expectTypeOf(identityDto(identity)).toHaveProperty("createdAt").toEqualTypeOf<Date>();
expectTypeOf(coachStateDto(state)).not.toHaveProperty("metadata");
expectTypeOf(coachStateDto(state)).not.toHaveProperty("userId");

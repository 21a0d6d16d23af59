// A finished turn's result as stored in its record, read back for a replay: checked against
// its shape (the contract's codec) rather than trusted, since a record outlives the code that
// wrote it.
import type { RejectedAction } from "@trellis/actions";
import type { TurnResult } from "@trellis/contract";
import { rejectedActionSchema, storedTurnResultSchema } from "@trellis/contract/schemas";
import { CoachTurnError } from "./errors.ts";

export function replay(stored: unknown): TurnResult {
  const parsed = storedTurnResultSchema.safeParse(stored);
  if (!parsed.success) throw new CoachTurnError("busy", "The stored turn result is unreadable");
  return { ...parsed.data, replayed: true };
}

export function isRejected(value: unknown): value is RejectedAction {
  return rejectedActionSchema.safeParse(value).success;
}

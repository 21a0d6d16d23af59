// An action's stored failure (`Action.error`, written by the pipeline from `DetailedError`).
import type { DetailedError } from "@trellis/contract";
import { detailedErrorSchema } from "@trellis/contract/schemas";

/** The stored error, or null when the row has none or it is unreadable. */
export function readDetailedError(value: unknown): DetailedError | null {
  const parsed = detailedErrorSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

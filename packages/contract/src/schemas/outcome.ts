import { z } from "zod";
import type { CompletedOutcome, FailedOutcome, PendingOutcome } from "../outcome.ts";
import { detailedErrorSchema } from "./errors.ts";
import { jsonSchema } from "./json.ts";
import { shapeOf } from "./shape.ts";

const outcomeBase = { actionId: z.string().nullable(), type: z.string(), replayed: z.boolean() };

/** An action's outcome as a stored turn result holds it. */
export const actionOutcomeSchema = z.discriminatedUnion("status", [
  shapeOf<CompletedOutcome>()(
    z.object({
      ...outcomeBase,
      status: z.literal("completed"),
      result: jsonSchema,
      summary: z.string(),
    }),
  ),
  shapeOf<FailedOutcome>()(
    z.object({
      ...outcomeBase,
      status: z.literal("failed"),
      error: detailedErrorSchema,
      summary: z.string(),
    }),
  ),
  shapeOf<PendingOutcome>()(
    z.object({
      ...outcomeBase,
      status: z.literal("pending_confirmation"),
      pendingActionId: z.string(),
      params: jsonSchema,
      summary: z.string(),
    }),
  ),
]);

import { z } from "zod";
import type { CompletedOutcome, FailedOutcome, PendingOutcome } from "../outcome.ts";
import { detailedErrorSchema } from "./errors.ts";
import { jsonSchema } from "./json.ts";
import { shapeOf } from "./shape.ts";

const outcomeBase = { actionId: z.string().nullable(), type: z.string(), replayed: z.boolean() };

/** Each kind of outcome (a turn's stream names them one by one). */
export const outcomeSchemas = {
  completed: shapeOf<CompletedOutcome>()(
    z.object({
      ...outcomeBase,
      status: z.literal("completed"),
      result: jsonSchema,
      summary: z.string(),
    }),
  ),
  failed: shapeOf<FailedOutcome>()(
    z.object({
      ...outcomeBase,
      status: z.literal("failed"),
      error: detailedErrorSchema,
      summary: z.string(),
    }),
  ),
  pending: shapeOf<PendingOutcome>()(
    z.object({
      ...outcomeBase,
      status: z.literal("pending_confirmation"),
      pendingActionId: z.string(),
      params: jsonSchema,
      summary: z.string(),
    }),
  ),
};

/** An action's outcome as a stored turn result holds it. */
export const actionOutcomeSchema = z.discriminatedUnion("status", [
  outcomeSchemas.completed,
  outcomeSchemas.failed,
  outcomeSchemas.pending,
]);

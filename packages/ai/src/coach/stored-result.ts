// A finished turn's result as stored in its record, read back for a replay: checked against
// its shape rather than trusted, since a record outlives the code that wrote it.
import type { RejectedAction } from "@trellis/actions";
import type { Json } from "@trellis/engine";
import { z } from "zod";
import type { TurnResult } from "./coach-turn.ts";
import { CoachTurnError } from "./errors.ts";

export function replay(stored: unknown): TurnResult {
  const parsed = storedResult.safeParse(stored);
  if (!parsed.success) throw new CoachTurnError("busy", "The stored turn result is unreadable");
  return { ...parsed.data, replayed: true };
}

export function isRejected(value: unknown): value is RejectedAction {
  return rejectedAction.safeParse(value).success;
}

const problem = z.object({
  index: z.number().nullable(),
  path: z.string(),
  expected: z.string(),
  received: z.string(),
  message: z.string(),
});
const rejectedAction = z.object({
  index: z.number(),
  type: z.string().nullable(),
  problems: z.array(problem),
});
const json: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(json),
    z.record(z.string(), json),
  ]),
);
const detailedError = z.object({
  name: z.string(),
  kind: z.enum(["validation", "not_allowed", "not_found", "service", "execution"]),
  message: z.string(),
  actionType: z.string(),
  fieldErrors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  cause: z
    .object({ name: z.string(), message: z.string(), code: z.string().optional() })
    .optional(),
});
const outcomeBase = { actionId: z.string().nullable(), type: z.string(), replayed: z.boolean() };
const storedOutcome = z.discriminatedUnion("status", [
  z.object({ ...outcomeBase, status: z.literal("completed"), result: json, summary: z.string() }),
  z.object({
    ...outcomeBase,
    status: z.literal("failed"),
    error: detailedError,
    summary: z.string(),
  }),
  z.object({
    ...outcomeBase,
    status: z.literal("pending_confirmation"),
    pendingActionId: z.string(),
    params: json,
    summary: z.string(),
  }),
]);
const confirmation = z.object({
  pendingActionId: z.string(),
  actionType: z.string(),
  title: z.string(),
  params: json,
});
const storedResult = z.object({
  userMessageId: z.string(),
  coachMessage: z.object({
    id: z.string(),
    content: z.string(),
    component: z
      .object({
        quickReplies: z.array(z.string()).optional(),
        confirmations: z.array(confirmation).optional(),
      })
      .nullable(),
    phase: z.string(),
    promptVersion: z.number(),
  }),
  actions: z.array(storedOutcome),
  rejected: z.array(rejectedAction),
  attempts: z.number(),
  state: z.object({
    phase: z.string(),
    currentIdentityId: z.string().nullable(),
    identityFocus: z.string().nullable(),
    identities: z.array(
      z.object({ id: z.string(), name: z.string(), category: z.string(), state: z.string() }),
    ),
  }),
});

import type { Problem, RejectedAction } from "@trellis/actions";
import { z } from "zod";
import type { CoachComponent, Confirmation, TurnResult, TurnState } from "../turn.ts";
import { jsonSchema } from "./json.ts";
import { actionOutcomeSchema } from "./outcome.ts";
import { shapeOf } from "./shape.ts";

const confirmationSchema = shapeOf<Confirmation>()(
  z.object({
    pendingActionId: z.string(),
    actionType: z.string(),
    title: z.string(),
    params: jsonSchema,
  }),
);

/** A coach message's component (`ChatMessage.component`, and inside turn results). */
export const coachComponentSchema = shapeOf<CoachComponent>()(
  z.object({
    quickReplies: z.array(z.string()).optional(),
    confirmations: z.array(confirmationSchema).optional(),
  }),
);

const identitySummarySchema = shapeOf<TurnState["identities"][number]>()(
  z.object({ id: z.string(), name: z.string(), category: z.string(), state: z.string() }),
);

export const turnStateSchema = shapeOf<TurnState>()(
  z.object({
    phase: z.string(),
    currentIdentityId: z.string().nullable(),
    identityFocus: z.string().nullable(),
    identities: z.array(identitySummarySchema),
  }),
);

const problemSchema = shapeOf<Problem>()(
  z.object({
    index: z.number().nullable(),
    path: z.string(),
    expected: z.string(),
    received: z.string(),
    message: z.string(),
  }),
);

export const rejectedActionSchema = shapeOf<RejectedAction>()(
  z.object({ index: z.number(), type: z.string().nullable(), problems: z.array(problemSchema) }),
);

/** A finished turn's result as its TurnRecord stores it (`replayed` is set when read back). */
export type StoredTurnResult = Omit<TurnResult, "replayed">;

export const storedTurnResultSchema = shapeOf<StoredTurnResult>()(
  z.object({
    userMessageId: z.string(),
    coachMessage: shapeOf<TurnResult["coachMessage"]>()(
      z.object({
        id: z.string(),
        content: z.string(),
        component: coachComponentSchema.nullable(),
        phase: z.string(),
        promptVersion: z.number(),
      }),
    ),
    actions: z.array(actionOutcomeSchema),
    rejected: z.array(rejectedActionSchema),
    attempts: z.number(),
    state: turnStateSchema,
  }),
);

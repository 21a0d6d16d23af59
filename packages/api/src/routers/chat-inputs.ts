// The inputs of a coach turn: `chat.send`, and `chat.stream` (the same, plus how to resume).
import { MAX_USER_MESSAGE_CHARS } from "@trellis/ai";
import { z } from "zod";
import { id, idempotencyKey, positiveInt4, testScenarioId, text } from "../inputs.ts";

export const sendInput = z.object({
  message: text().trim().min(1, "The message is empty").max(MAX_USER_MESSAGE_CHARS),
  /**
   * Retrying with the same key returns the first turn's result (waiting for it while it runs);
   * nothing runs twice. The same key with another message is refused.
   */
  idempotencyKey: idempotencyKey.optional(),
  /** Admins: chat as the user instantiated from one of their test scenarios. */
  testScenarioId,
  /** Admins: use this prompt version instead of the phase's active one. */
  promptVersion: positiveInt4.optional(),
});

/** The number of the last turn event a client received (`tracked` ids: 1, 2, …). */
const turnEventId = z.string().regex(/^\d{1,9}$/, "A turn event id: decimal digits");

export const streamInput = z.union([
  /** Follow a turn already started (after a page reload, or from another tab or process). */
  z.object({ turnId: id, lastEventId: turnEventId.nullish(), testScenarioId }),
  /**
   * Start a turn, or, with the key of one already started (tRPC's client reconnects with the
   * same input and `lastEventId`), follow it from the last event received.
   */
  sendInput.extend({ lastEventId: turnEventId.nullish() }),
]);

export type StreamInput = z.infer<typeof streamInput>;

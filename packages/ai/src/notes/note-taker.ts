// The background note taker (the earlier system's "sentinel"): after a user message, a
// system-invoked pass that may add, update or delete user notes, through the same engine
// pipeline as every other action. Its failures are its own: the coach's reply never waits.
import { parseActionParams } from "@trellis/actions";
import type { Db } from "@trellis/db";
import type { ActionOutcome } from "@trellis/contract";
import type { ActionEngine } from "@trellis/engine";
import { z } from "zod";
import { withUsageScope } from "../usage/usage-scope.ts";
import { type NoteModel, noteActionTypes } from "./note-model.ts";

export interface NoteJob {
  userId: string;
  messageId: string;
  /** The span that queued the job (the turn's request), which the job's own trace links to. */
  queuedBy?: { traceId: string; spanId: string } | undefined;
}

export const noteJobSchema = z.object({
  userId: z.string().min(1),
  messageId: z.string().min(1),
  queuedBy: z
    .object({
      traceId: z.string().regex(/^[0-9a-f]{32}$/),
      spanId: z.string().regex(/^[0-9a-f]{16}$/),
    })
    .optional(),
});

const proposal = z.object({
  actions: z.array(z.object({ type: z.string(), params: z.unknown() })).max(20),
});

export class NoteTaker {
  readonly #db: Db;
  readonly #engine: ActionEngine;
  readonly #model: NoteModel;

  constructor(options: { db: Db; engine: ActionEngine; model: NoteModel }) {
    this.#db = options.db;
    this.#engine = options.engine;
    this.#model = options.model;
  }

  /** Idempotent per message: each proposed action is keyed by the message id and position. */
  async run(job: NoteJob): Promise<ActionOutcome[]> {
    const message = await this.#db.prisma.chatMessage.findFirst({
      where: { id: job.messageId, userId: job.userId, role: "user" },
    });
    if (!message) return [];
    const notes = await this.#db.prisma.userNote.findMany({
      where: { userId: job.userId },
      orderBy: { createdAt: "asc" },
      select: { id: true, note: true },
    });
    const scope = { userId: job.userId, purpose: "notes" as const, turnId: job.messageId };
    const raw = await withUsageScope(scope, () =>
      this.#model.propose({ userMessage: message.content, notes }),
    );
    const parsed = proposal.safeParse(safeJson(raw));
    if (!parsed.success)
      throw new Error(`note model returned an invalid proposal: ${parsed.error.message}`);
    const requests = parsed.data.actions
      .filter((action) => noteActionTypes.some((type) => type === action.type))
      .filter((action) => parseActionParams(action.type, action.params).ok)
      .map((action, index) => ({
        userId: job.userId,
        type: action.type,
        params: action.params,
        invoker: "system" as const,
        idempotencyKey: `notes:${job.messageId}:${index}`,
      }));
    return this.#engine.executeAll(requests);
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

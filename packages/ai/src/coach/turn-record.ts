// A turn's progress (TurnRecord), so that each turn runs exactly once per idempotency key:
// one request owns a turn at a time through a lease it renews while it works; a retry of a
// turn in flight waits for its result (bounded) instead of running it again; a turn whose
// owner died (its lease ran out) is taken over and resumed from its last recorded stage.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { toJson } from "@trellis/contract/schemas";
import { type Db, Prisma } from "@trellis/db";
import { v7 as uuidv7 } from "uuid";
import { z } from "zod";
import { CoachTurnError } from "./errors.ts";

const plannedAction = z.object({ type: z.string(), params: z.unknown() });

export const turnStage = z.discriminatedUnion("stage", [
  /** The user message is stored; the model has not answered (tool mode: its message exists). */
  z.object({
    stage: z.literal("started"),
    userMessageId: z.string(),
    coachMessageId: z.string().optional(),
  }),
  /** The model answered: the coach message and the actions to apply are stored. */
  z.object({
    stage: z.literal("planned"),
    userMessageId: z.string(),
    coachMessageId: z.string(),
    actions: z.array(plannedAction),
    rejected: z.array(z.unknown()),
    attempts: z.number(),
    testScenarioId: z.string().optional(),
  }),
  z.object({ stage: z.literal("done"), result: z.unknown() }),
  /** Stopped before the model answered; nothing was applied. A retry asks the model again. */
  z.object({ stage: z.literal("interrupted"), userMessageId: z.string(), reason: z.string() }),
]);
export type TurnStage = z.infer<typeof turnStage>;
export type PlannedStage = Extract<TurnStage, { stage: "planned" }>;

export interface TurnKey {
  userId: string;
  idempotencyKey: string;
}

export interface TurnRecordOptions {
  /** How long an owner's claim lasts without renewal (renewed every third of it). */
  leaseMs?: number;
  /** How long a retry waits for the same turn in flight before answering "busy". */
  waitMs?: number;
  /** How often a waiting retry looks at the record again. */
  pollMs?: number;
  /**
   * This server process's id in the process registry, written with every lease it takes: when
   * the process dies, the registry ends its leases within seconds.
   */
  ownerId?: string;
}

/** What a request may do with an existing turn record. */
export type Claim =
  | { kind: "done"; result: unknown; turnId: string }
  | { kind: "claimed"; stage: Exclude<TurnStage, { stage: "done" }>; turnId: string };

/** The same key must mean the same request: a digest of what determines the turn. */
export function requestHash(request: {
  message: string;
  promptVersion?: number | undefined;
  testScenarioId?: string | undefined;
}): string {
  const canonical = JSON.stringify([
    request.message,
    request.promptVersion ?? null,
    request.testScenarioId ?? null,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

export class TurnRecords {
  readonly #db: Db;
  readonly #leaseMs: number;
  readonly #waitMs: number;
  readonly #pollMs: number;
  readonly #owner: { ownerId: string } | Record<string, never>;

  constructor(db: Db, options: TurnRecordOptions = {}) {
    this.#db = db;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#waitMs = options.waitMs ?? 15_000;
    this.#pollMs = options.pollMs ?? 100;
    this.#owner = options.ownerId !== undefined ? { ownerId: options.ownerId } : {};
  }

  /**
   * A new turn in ONE statement (no transaction round trips): the user message and the record,
   * owned by the caller, and with `takeStop` the stop recorded under the key before the turn
   * began (`chat.stop` by key), taken. A unique violation means the key exists already; then
   * nothing is written.
   */
  async start(
    key: TurnKey,
    hash: string,
    message: { content: string; phase: string },
    takeStop: boolean,
  ): Promise<{ turnId: string; userMessageId: string; stopTaken: boolean }> {
    const turnId = uuidv7();
    const userMessageId = uuidv7();
    const stage: TurnStage = { stage: "started", userMessageId };
    const ownerId = "ownerId" in this.#owner ? this.#owner.ownerId : null;
    const rows = await this.#db.prisma.$queryRaw<Array<{ stops: number }>>(Prisma.sql`
      WITH message AS (
        INSERT INTO "ChatMessage" ("id", "userId", "role", "content", "phase")
        VALUES (${userMessageId}, ${key.userId}, 'user', ${message.content}, ${message.phase})
      ), record AS (
        INSERT INTO "TurnRecord" ("id", "userId", "idempotencyKey", "stage", "response",
          "requestHash", "leaseUntil", "ownerId")
        VALUES (${turnId}, ${key.userId}, ${key.idempotencyKey}, 'started',
          ${JSON.stringify(stage)}::jsonb, ${hash}, ${leaseText(this.#leaseEnd())}::timestamp,
          ${ownerId})
      ), stop AS (
        DELETE FROM "TurnStop"
        WHERE ${takeStop}::boolean AND "userId" = ${key.userId} AND "idempotencyKey" = ${key.idempotencyKey}
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM stop)::int AS stops`);
    return { turnId, userMessageId, stopTaken: (rows[0]?.stops ?? 0) > 0 };
  }

  /**
   * The model's reply in ONE statement: the coach message and the record's `planned` stage
   * (the plan names the message), both or neither. Returns the stored message and plan.
   */
  async plan(
    key: TurnKey,
    message: CoachMessageRow,
    planned: Omit<PlannedStage, "coachMessageId">,
  ): Promise<{ coach: CoachMessageRow & { id: string }; plan: PlannedStage }> {
    const id = uuidv7();
    const plan: PlannedStage = { ...planned, coachMessageId: id };
    const rows = await this.#db.prisma.$queryRaw<Array<{ id: string }>>(Prisma.sql`
      WITH record AS (
        UPDATE "TurnRecord" SET "stage" = 'planned', "response" = ${JSON.stringify(toJson(plan))}::jsonb
        WHERE "userId" = ${key.userId} AND "idempotencyKey" = ${key.idempotencyKey}
        RETURNING 1
      )
      INSERT INTO "ChatMessage" ("id", "userId", "role", "content", "phase", "promptVersion",
        "traceId", "spanId")
      SELECT ${id}, ${key.userId}, 'coach', ${message.content}, ${message.phase},
        ${message.promptVersion}, ${message.traceId}, ${message.spanId}
      FROM record
      RETURNING "id"`);
    if (rows.length === 0) throw new CoachTurnError("busy", "The turn record disappeared");
    return { coach: { ...message, id }, plan };
  }

  /**
   * For a key that exists: its result when done, or ownership of the unfinished turn when no
   * one else holds it. While another request holds it, waits (polling) for it to finish or
   * its lease to run out; after `waitMs`, a `busy` error. Another request under the same key
   * is refused (`key_reused`), never answered with the first one's result.
   */
  async claimExisting(key: TurnKey, hash: string): Promise<Claim> {
    const deadline = Date.now() + this.#waitMs;
    for (;;) {
      const row = await this.#db.prisma.turnRecord.findUnique({
        where: { userId_idempotencyKey: key },
      });
      if (!row) throw new CoachTurnError("busy", "The turn record disappeared");
      if (row.requestHash !== null && row.requestHash !== hash) {
        throw new CoachTurnError(
          "key_reused",
          "This idempotency key was used for a different message; use a new key for a new message",
        );
      }
      const stage = parseStage(row.response);
      if (stage.stage === "done") return { kind: "done", result: stage.result, turnId: row.id };
      if (row.leaseUntil === null || row.leaseUntil.getTime() <= Date.now()) {
        if (await this.#take(row.id, row.leaseUntil)) {
          return { kind: "claimed", stage, turnId: row.id };
        }
        continue; // someone else took it first: wait for them like for any owner
      }
      if (Date.now() >= deadline) {
        throw new CoachTurnError(
          "busy",
          "This turn is still being processed; retry with the same idempotency key in a few seconds",
        );
      }
      await sleep(this.#pollMs);
    }
  }

  /** Unfinished turns nobody holds (their owner failed or died), oldest lease first. */
  async unowned(limit: number): Promise<Array<TurnKey & { stage: TurnStage; leaseUntil: Date }>> {
    const rows = await this.#db.prisma.turnRecord.findMany({
      where: { leaseUntil: { lte: new Date() } },
      orderBy: { leaseUntil: "asc" },
      take: limit,
    });
    return rows.flatMap((row) =>
      row.leaseUntil === null
        ? []
        : [
            {
              userId: row.userId,
              idempotencyKey: row.idempotencyKey,
              stage: parseStage(row.response),
              leaseUntil: row.leaseUntil,
            },
          ],
    );
  }

  /** Takes over an unowned turn if its lease is still the one seen. */
  async takeOver(key: TurnKey, seenLease: Date): Promise<boolean> {
    const taken = await this.#db.prisma.turnRecord.updateMany({
      where: { ...key, leaseUntil: seenLease },
      data: { leaseUntil: this.#leaseEnd(), ...this.#owner },
    });
    return taken.count === 1;
  }

  /**
   * Records the next stage. `done` and `interrupted` end the ownership (no lease: nothing to
   * resume, or only a client's retry will); other stages keep it.
   */
  async advance(tx: Prisma.TransactionClient, key: TurnKey, stage: TurnStage): Promise<void> {
    const ends = stage.stage === "done" || stage.stage === "interrupted";
    await tx.turnRecord.update({
      where: { userId_idempotencyKey: key },
      data: {
        stage: stage.stage,
        response: stageJson(stage),
        ...(ends ? { leaseUntil: null } : {}),
      },
    });
  }

  /** Gives up ownership at once, so that a retry or the recovery sweep resumes the turn. */
  async release(key: TurnKey): Promise<void> {
    await this.#db.prisma.turnRecord.updateMany({
      where: { ...key, leaseUntil: { not: null } },
      data: { leaseUntil: new Date() },
    });
  }

  /** Renews the lease while the owner works; `stop()` when it is done. */
  keepAlive(key: TurnKey, onError: (error: unknown) => void): { stop(): void } {
    const timer = setInterval(
      () => {
        this.#db.prisma.turnRecord
          .updateMany({
            where: { ...key, leaseUntil: { not: null } },
            data: { leaseUntil: this.#leaseEnd() },
          })
          .catch(onError);
      },
      Math.max(1, Math.floor(this.#leaseMs / 3)),
    );
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  async #take(id: string, seenLease: Date | null): Promise<boolean> {
    const taken = await this.#db.prisma.turnRecord.updateMany({
      where: { id, leaseUntil: seenLease, NOT: { stage: "done" } },
      data: { leaseUntil: this.#leaseEnd(), ...this.#owner },
    });
    return taken.count === 1;
  }

  #leaseEnd(): Date {
    return new Date(Date.now() + this.#leaseMs);
  }
}

/** A coach message as a turn writes it. */
export interface CoachMessageRow {
  content: string;
  phase: string;
  promptVersion: number;
  traceId: string | null;
  spanId: string | null;
}

/** A lease end as a `timestamp` literal in UTC, as Prisma stores DateTime. */
function leaseText(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

/** A stage is an object, so its JSON is never null (which Prisma spells JsonNull). */
function stageJson(stage: TurnStage): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  const json = toJson(stage);
  return json === null ? Prisma.JsonNull : json;
}

function parseStage(response: unknown): TurnStage {
  const stage = turnStage.safeParse(response);
  if (!stage.success) throw new CoachTurnError("busy", "The stored turn record is unreadable");
  return stage.data;
}

// Test scenarios: a user's whole state (user, coach state, identities, notes, messages, actions,
// pending actions) frozen into a JSON snapshot, instantiated as a new user, and reset back to
// the snapshot. Every id is remapped on the way in, so instances never share rows, and ids
// inside JSON (action params and results, components) follow their rows.
import { randomBytes } from "node:crypto";
import type { Json } from "@trellis/contract";
import { jsonSchema as json, toJson } from "@trellis/contract/schemas";
import {
  type Action,
  type ChatMessage,
  type CoachState,
  type Db,
  type Identity,
  type PendingAction,
  Prisma,
  type TestScenario,
  type User,
  type UserNote,
} from "@trellis/db";
import { type EveryColumn, lockCoachState, rowSchemaOf } from "@trellis/engine";
import { v7 as uuidv7 } from "uuid";
import { z } from "zod";

/** Not copied: a new user gets its own id, role and timestamps. */
type UserNotCopied = "id" | "role" | "createdAt" | "updatedAt";
/** Not copied: the new user's row gets its own id, lock version and timestamps. */
type StateNotCopied = "id" | "userId" | "version" | "createdAt" | "updatedAt";
/**
 * Not copied: idempotency keys, trace and span ids belong to the original requests, not to the
 * copies.
 */
type ActionNotCopied = "userId" | "idempotencyKey" | "traceId" | "spanId";
/** Not copied: the trace and span ids of the turn that wrote the original message. */
type MessageNotCopied = "userId" | "traceId" | "spanId";
const date = z.iso.datetime().transform((value) => new Date(value));
const nullableDate = date.nullable();

const snapshotSchema = z.object({
  version: z.literal(1),
  user: rowSchemaOf<User, UserNotCopied>()(
    z.object({ email: z.string(), firstName: z.string(), lastName: z.string() }),
  ),
  coachState: rowSchemaOf<CoachState, StateNotCopied>()(
    z.object({
      phase: z.string(),
      currentIdentityId: z.string().nullable(),
      identityFocus: z.string().nullable(),
      skippedCategories: z.array(z.string()),
      whoYouAre: z.array(z.string()),
      whoYouWantToBe: z.array(z.string()),
      askedQuestions: z.array(z.string()),
      metadata: json,
    }),
  ).nullable(),
  identities: z.array(
    rowSchemaOf<Identity, "userId">()(
      z.object({
        id: z.string(),
        name: z.string(),
        category: z.string(),
        state: z.string(),
        notes: z.array(z.string()),
        iAmStatement: z.string().nullable(),
        visualization: z.string().nullable(),
        order: z.number().int(),
        createdAt: date,
        updatedAt: date,
      }),
    ),
  ),
  notes: z.array(
    rowSchemaOf<UserNote, "userId">()(
      z.object({
        id: z.string(),
        note: z.string(),
        sourceMessageId: z.string().nullable(),
        createdAt: date,
        updatedAt: date,
      }),
    ),
  ),
  messages: z.array(
    rowSchemaOf<ChatMessage, MessageNotCopied>()(
      z.object({
        id: z.string(),
        role: z.string(),
        content: z.string(),
        component: json,
        phase: z.string().nullable(),
        promptVersion: z.number().int().nullable(),
        createdAt: date,
      }),
    ),
  ),
  actions: z.array(
    rowSchemaOf<Action, ActionNotCopied>()(
      z.object({
        id: z.string(),
        type: z.string(),
        params: json,
        status: z.string(),
        invoker: z.string(),
        resultSummary: z.string().nullable(),
        result: json,
        error: json,
        chatMessageId: z.string().nullable(),
        durationMs: z.number().int().nullable(),
        testScenarioId: z.string().nullable(),
        createdAt: date,
        updatedAt: date,
      }),
    ),
  ),
  pending: z.array(
    rowSchemaOf<PendingAction, "userId">()(
      z.object({
        id: z.string(),
        actionId: z.string(),
        type: z.string(),
        params: json,
        status: z.string(),
        chatMessageId: z.string().nullable(),
        createdAt: date,
        resolvedAt: nullableDate,
      }),
    ),
  ),
});

type ScenarioSnapshot = z.output<typeof snapshotSchema>;

/** How many rows of each kind a snapshot holds (the api shows them with the scenario). */
export interface SnapshotCounts {
  identities: number;
  notes: number;
  messages: number;
  actions: number;
  pending: number;
}

export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
}

/** Reads a user's whole state into a snapshot (JSON-safe: dates as ISO strings). */
export async function freezeUser(db: Db, userId: string): Promise<Json> {
  const prisma = db.prisma;
  const [user, coachState, identities, notes, messages, actions, pending] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: userId } }),
    prisma.coachState.findUnique({ where: { userId } }),
    prisma.identity.findMany({ where: { userId }, orderBy: [{ order: "asc" }, { id: "asc" }] }),
    prisma.userNote.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    prisma.chatMessage.findMany({
      where: { userId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    prisma.action.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    prisma.pendingAction.findMany({
      where: { userId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
  ]);
  return toJson({
    version: 1,
    user: {
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
    } satisfies EveryColumn<User, UserNotCopied>,
    coachState:
      coachState &&
      ({
        phase: coachState.phase,
        currentIdentityId: coachState.currentIdentityId,
        identityFocus: coachState.identityFocus,
        skippedCategories: coachState.skippedCategories,
        whoYouAre: coachState.whoYouAre,
        whoYouWantToBe: coachState.whoYouWantToBe,
        askedQuestions: coachState.askedQuestions,
        metadata: coachState.metadata,
      } satisfies EveryColumn<CoachState, StateNotCopied>),
    identities: identities.map(
      (i) =>
        ({
          id: i.id,
          name: i.name,
          category: i.category,
          state: i.state,
          notes: i.notes,
          iAmStatement: i.iAmStatement,
          visualization: i.visualization,
          order: i.order,
          createdAt: i.createdAt.toISOString(),
          updatedAt: i.updatedAt.toISOString(),
        }) satisfies EveryColumn<Identity, "userId">,
    ),
    notes: notes.map(
      (n) =>
        ({
          id: n.id,
          note: n.note,
          sourceMessageId: n.sourceMessageId,
          createdAt: n.createdAt.toISOString(),
          updatedAt: n.updatedAt.toISOString(),
        }) satisfies EveryColumn<UserNote, "userId">,
    ),
    messages: messages.map(
      (m) =>
        ({
          id: m.id,
          role: m.role,
          content: m.content,
          component: m.component,
          phase: m.phase,
          promptVersion: m.promptVersion,
          createdAt: m.createdAt.toISOString(),
        }) satisfies EveryColumn<ChatMessage, MessageNotCopied>,
    ),
    actions: actions.map(
      (a) =>
        ({
          id: a.id,
          type: a.type,
          params: a.params,
          status: a.status,
          invoker: a.invoker,
          resultSummary: a.resultSummary,
          result: a.result,
          error: a.error,
          chatMessageId: a.chatMessageId,
          durationMs: a.durationMs,
          testScenarioId: a.testScenarioId,
          createdAt: a.createdAt.toISOString(),
          updatedAt: a.updatedAt.toISOString(),
        }) satisfies EveryColumn<Action, ActionNotCopied>,
    ),
    pending: pending.map(
      (p) =>
        ({
          id: p.id,
          actionId: p.actionId,
          type: p.type,
          params: p.params,
          status: p.status,
          chatMessageId: p.chatMessageId,
          createdAt: p.createdAt.toISOString(),
          resolvedAt: p.resolvedAt?.toISOString() ?? null,
        }) satisfies EveryColumn<PendingAction, "userId">,
    ),
  });
}

function readSnapshot(value: unknown): ScenarioSnapshot {
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success) throw new ScenarioError("The stored scenario snapshot is unreadable");
  return parsed.data;
}

export function countsOf(scenario: TestScenario): SnapshotCounts {
  const parsed = snapshotSchema.safeParse(scenario.snapshot);
  if (!parsed.success) return { identities: 0, notes: 0, messages: 0, actions: 0, pending: 0 };
  const s = parsed.data;
  return {
    identities: s.identities.length,
    notes: s.notes.length,
    messages: s.messages.length,
    actions: s.actions.length,
    pending: s.pending.length,
  };
}

/** Old id → new id for every row of a snapshot; JSON values are rewritten through it. */
class IdMap {
  readonly #map = new Map<string, string>();

  add(oldId: string): string {
    // Time-ordered, like the database's own ids (they index well).
    const fresh = uuidv7();
    this.#map.set(oldId, fresh);
    return fresh;
  }

  id(oldId: string): string {
    return this.#map.get(oldId) ?? oldId;
  }

  nullable(oldId: string | null): string | null {
    return oldId === null ? null : this.id(oldId);
  }

  /** Rewrites every string in `value` that is exactly an old id. */
  json(value: Json): Json {
    if (typeof value === "string") return this.id(value);
    if (Array.isArray(value)) return value.map((v) => this.json(v));
    if (value !== null && typeof value === "object") {
      const out: { [key: string]: Json } = {};
      for (const [key, v] of Object.entries(value)) out[key] = this.json(v);
      return out;
    }
    return value;
  }
}

function jsonInput(value: Json): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  return value === null ? Prisma.JsonNull : value;
}
function nullableJsonInput(value: Json): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : value;
}

/**
 * Writes the snapshot's rows for `userId`, which must have none (a new user, or one just
 * cleared by `clearUser`). Runs inside the caller's transaction.
 */
async function writeSnapshot(
  tx: Prisma.TransactionClient,
  userId: string,
  snapshot: ScenarioSnapshot,
): Promise<void> {
  const ids = new IdMap();
  for (const row of snapshot.identities) ids.add(row.id);
  for (const row of snapshot.notes) ids.add(row.id);
  for (const row of snapshot.messages) ids.add(row.id);
  for (const row of snapshot.actions) ids.add(row.id);
  for (const row of snapshot.pending) ids.add(row.id);

  const state = snapshot.coachState;
  await tx.coachState.create({
    data: state
      ? {
          userId,
          phase: state.phase,
          currentIdentityId: ids.nullable(state.currentIdentityId),
          identityFocus: state.identityFocus,
          skippedCategories: state.skippedCategories,
          whoYouAre: state.whoYouAre,
          whoYouWantToBe: state.whoYouWantToBe,
          askedQuestions: state.askedQuestions,
          metadata: jsonInput(state.metadata),
        }
      : { userId },
  });
  await tx.identity.createMany({
    data: snapshot.identities.map((row) => ({ ...row, id: ids.id(row.id), userId })),
  });
  await tx.chatMessage.createMany({
    data: snapshot.messages.map((row) => ({
      ...row,
      id: ids.id(row.id),
      userId,
      component: nullableJsonInput(ids.json(row.component)),
    })),
  });
  await tx.userNote.createMany({
    data: snapshot.notes.map((row) => ({
      ...row,
      id: ids.id(row.id),
      userId,
      sourceMessageId: ids.nullable(row.sourceMessageId),
    })),
  });
  await tx.action.createMany({
    data: snapshot.actions.map((row) => ({
      ...row,
      id: ids.id(row.id),
      userId,
      params: jsonInput(ids.json(row.params)),
      result: nullableJsonInput(ids.json(row.result)),
      error: nullableJsonInput(row.error),
      chatMessageId: ids.nullable(row.chatMessageId),
      // Idempotency keys belong to the original requests, not to the copies.
      idempotencyKey: null,
    })),
  });
  await tx.pendingAction.createMany({
    data: snapshot.pending.map((row) => ({
      ...row,
      id: ids.id(row.id),
      userId,
      actionId: ids.id(row.actionId),
      params: jsonInput(ids.json(row.params)),
      chatMessageId: ids.nullable(row.chatMessageId),
    })),
  });
}

async function clearUser(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  // Events and pending actions go with their actions (cascade).
  await tx.action.deleteMany({ where: { userId } });
  await tx.pendingAction.deleteMany({ where: { userId } });
  await tx.actionEvent.deleteMany({ where: { userId } });
  await tx.userNote.deleteMany({ where: { userId } });
  await tx.chatMessage.deleteMany({ where: { userId } });
  await tx.identity.deleteMany({ where: { userId } });
  await tx.turnRecord.deleteMany({ where: { userId } });
  await tx.coachState.deleteMany({ where: { userId } });
}

const TX_OPTIONS = { timeout: 30_000, maxWait: 30_000 };

/** Creates a new user holding the scenario's state and links it to the scenario. */
export async function instantiateScenario(db: Db, scenario: TestScenario): Promise<string> {
  const snapshot = readSnapshot(scenario.snapshot);
  return db.prisma.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: `scenario-${scenario.id}-${randomBytes(4).toString("hex")}@scenarios.trellis.invalid`,
        firstName: snapshot.user.firstName,
        lastName: snapshot.user.lastName,
        role: "user",
      },
    });
    await writeSnapshot(tx, user.id, snapshot);
    await tx.testScenario.update({ where: { id: scenario.id }, data: { userId: user.id } });
    return user.id;
  }, TX_OPTIONS);
}

/** Puts the scenario's user back to the snapshot (same user id; every other row is new). */
export async function resetScenarioUser(
  db: Db,
  scenario: TestScenario,
  userId: string,
): Promise<void> {
  const snapshot = readSnapshot(scenario.snapshot);
  await db.prisma.$transaction(async (tx) => {
    // The engine's per-user lock, so a reset never interleaves with an action.
    await lockCoachState(tx, userId, "scenario_reset");
    await clearUser(tx, userId);
    await tx.user.update({
      where: { id: userId },
      data: { firstName: snapshot.user.firstName, lastName: snapshot.user.lastName },
    });
    await writeSnapshot(tx, userId, snapshot);
  }, TX_OPTIONS);
}

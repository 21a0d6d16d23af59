// A case's starting point becomes a real user: the compact state is written as a scenario
// snapshot (packages/scenarios' format, version 1) and instantiated like any scenario, so a
// case starts exactly where a frozen conversation would.
import { randomUUID } from "node:crypto";
import type { Json } from "@trellis/contract";
import type { Db } from "@trellis/db";
import { instantiateScenario } from "@trellis/scenarios";
import type { EvalCase, StartState } from "./case-schema.ts";

export interface StartedUser {
  userId: string;
  /** The case's identity keys → the ids their rows got (what `ref` matchers compare with). */
  ids: Map<string, string>;
}

/** The snapshot a compact state stands for; identity ids are the case's keys. */
function snapshotOf(state: StartState): Record<string, Json> {
  // Fixed times: the snapshot is data, and the same case gives the same rows in every run.
  const at = (index: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, index)).toISOString();
  return {
    version: 1,
    user: { email: "eval@example.invalid", firstName: state.userName, lastName: "Eval" },
    coachState: {
      phase: state.phase,
      currentIdentityId: state.currentIdentity,
      identityFocus: state.identityFocus,
      skippedCategories: state.skippedCategories,
      whoYouAre: state.whoYouAre,
      whoYouWantToBe: state.whoYouWantToBe,
      askedQuestions: state.askedQuestions,
      metadata: {},
    },
    identities: state.identities.map((identity, order) => ({
      id: identity.key,
      name: identity.name,
      category: identity.category,
      state: identity.state,
      notes: identity.notes,
      iAmStatement: identity.iAmStatement,
      visualization: identity.visualization,
      order,
      createdAt: at(order),
      updatedAt: at(order),
    })),
    notes: [],
    messages: state.conversation.map((turn, index) => ({
      id: `message-${index}`,
      role: turn.role,
      content: turn.content,
      component: null,
      phase: state.phase,
      promptVersion: turn.role === "coach" ? 1 : null,
      createdAt: at(100 + index),
    })),
    actions: [],
    pending: [],
  };
}

/** The case's start as a new user of `db`. */
export async function startUser(db: Db, evalCase: EvalCase): Promise<StartedUser> {
  const snapshot =
    "state" in evalCase.start ? snapshotOf(evalCase.start.state) : evalCase.start.snapshot;
  const keys = keysOf(snapshot);
  // A scenario row of its own per start (names are unique): instances never share rows.
  const scenario = await db.prisma.testScenario.create({
    data: { name: `eval:${evalCase.id}:${randomUUID()}`, snapshot },
  });
  const userId = await instantiateScenario(db, scenario);
  const rows = await db.prisma.identity.findMany({
    where: { userId },
    orderBy: [{ order: "asc" }, { createdAt: "asc" }],
    select: { id: true },
  });
  const ids = new Map<string, string>();
  keys.forEach((key, index) => {
    const row = rows[index];
    if (row) ids.set(key, row.id);
  });
  return { userId, ids };
}

/** The identity ids of a snapshot, in the order its rows are written (by `order`). */
function keysOf(snapshot: Record<string, Json>): string[] {
  const identities = snapshot.identities;
  if (!Array.isArray(identities)) return [];
  const rows = identities.flatMap((row) =>
    typeof row === "object" && row !== null && !Array.isArray(row) && typeof row.id === "string"
      ? [{ id: row.id, order: typeof row.order === "number" ? row.order : 0 }]
      : [],
  );
  return rows.sort((a, b) => a.order - b.order).map((row) => row.id);
}

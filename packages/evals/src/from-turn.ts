// A case from a turn of a scenario's conversation (the console): the scenario's snapshot is the
// start, the user's messages since then up to that turn are the messages, and what the coach
// did in that turn is the expectation, for the operator to edit (ids become references to the
// snapshot's identities, enums and numbers are exact, free text matches anything at first).

import { isRecord } from "@trellis/actions";
import type { Db, TestScenario } from "@trellis/db";
import { parseCase } from "./case-files.ts";
import type { EvalCase, ExpectedAction, ParamExpectation } from "./case-schema.ts";
import { paramKinds } from "./matchers.ts";

export class TurnNotFoundError extends Error {
  override readonly name = "TurnNotFoundError";
}

export interface FromTurn {
  scenario: TestScenario;
  coachMessageId: string;
  caseId: string;
  title?: string | undefined;
}

export async function caseFromTurn(db: Db, input: FromTurn): Promise<EvalCase> {
  const { scenario } = input;
  const userId = scenario.userId;
  const coach = userId
    ? await db.prisma.chatMessage.findFirst({
        where: { id: input.coachMessageId, userId, role: "coach" },
      })
    : null;
  if (!userId || !coach)
    throw new TurnNotFoundError("No such coach turn in this scenario's conversation");
  const snapshot = isRecord(scenario.snapshot) ? scenario.snapshot : {};
  const since = latest(snapshot.messages);
  const userMessages = await db.prisma.chatMessage.findMany({
    where: { userId, role: "user", createdAt: { gt: since, lte: coach.createdAt } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { content: true },
  });
  if (userMessages.length === 0)
    throw new TurnNotFoundError("That turn has no user message after the snapshot");
  const keys = await identityKeys(db, userId, snapshot.identities);
  const rows = await db.prisma.action.findMany({
    where: { chatMessageId: coach.id, invoker: "coach" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { type: true, params: true, status: true },
  });
  const actions: ExpectedAction[] = rows.map((row) => ({
    type: row.type,
    params: expectationsOf(row.type, row.params, keys),
  }));
  const transition = rows.find(
    (row) => row.type === "transition_phase" && row.status === "completed",
  );
  const toPhase = transition && isRecord(transition.params) ? transition.params.toPhase : undefined;
  return parseCase(
    {
      id: input.caseId,
      title: input.title ?? `From scenario ${scenario.name}`,
      start: { snapshot },
      messages: userMessages.map((m) => m.content),
      expect: {
        actions,
        forbidden: [],
        phase: typeof toPhase === "string" ? toPhase : coach.phase,
        rubric: [],
      },
      tags: ["console"],
    },
    `case ${input.caseId}`,
  );
}

function expectationsOf(
  type: string,
  params: unknown,
  keys: ReadonlyMap<string, string>,
): Record<string, ParamExpectation> {
  const kinds = paramKinds(type);
  const out: Record<string, ParamExpectation> = {};
  if (!isRecord(params)) return out;
  for (const [name, value] of Object.entries(params)) {
    const kind = kinds.get(name);
    if (kind === undefined || value === null || value === undefined) continue;
    if (kind === "ref") {
      const key = typeof value === "string" ? keys.get(value) : undefined;
      out[name] = key ? { ref: key } : { any: true };
    } else if (kind === "text" || kind === "object") {
      out[name] = { any: true };
    } else if (
      typeof value === "string" ||
      typeof value === "number" ||
      typeof value === "boolean"
    ) {
      out[name] = { equals: value };
    } else if (Array.isArray(value)) {
      out[name] = { equals: value.map((item) => (typeof item === "string" ? item : String(item))) };
    }
  }
  return out;
}

/** The instance's identity ids → the snapshot's (matched by creation time and order). */
async function identityKeys(
  db: Db,
  userId: string,
  identities: unknown,
): Promise<Map<string, string>> {
  const rows = await db.prisma.identity.findMany({
    where: { userId },
    select: { id: true, order: true, createdAt: true },
  });
  const keys = new Map<string, string>();
  if (!Array.isArray(identities)) return keys;
  for (const identity of identities) {
    if (
      !isRecord(identity) ||
      typeof identity.id !== "string" ||
      typeof identity.createdAt !== "string"
    )
      continue;
    const at = Date.parse(identity.createdAt);
    const row = rows.find((r) => r.createdAt.getTime() === at && r.order === identity.order);
    if (row) keys.set(row.id, identity.id);
  }
  return keys;
}

function latest(messages: unknown): Date {
  let at = 0;
  if (Array.isArray(messages)) {
    for (const message of messages) {
      if (isRecord(message) && typeof message.createdAt === "string")
        at = Math.max(at, Date.parse(message.createdAt));
    }
  }
  return new Date(at);
}

// The pipeline's guarantees: typed errors for bad input, atomic actions with their audit rows,
// one failure never stopping the others, pending confirmations, idempotency, per-user
// serialization, isolation between users, and complete, ordered lifecycle events.

import type { Phase } from "@trellis/actions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlers } from "../src/handlers/index.ts";
import { ActionEngine } from "../src/pipeline/engine.ts";
import { createHarness, type Harness, identitiesOf, stateOf } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.dispose();
});

const runner = { name: "Runner", category: "physical_expression" };

async function auditRows(userId: string) {
  return h.db.prisma.action.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
}

/** One request from the coach, as a new user in `phase`. */
async function asCoach(phase: Phase, type: string, params: Record<string, unknown>) {
  const userId = await h.newUser(phase);
  const out = await h.engine.execute({ userId, type, params, invoker: "coach" });
  return { userId, out };
}

/** Runner, created by the coach: the new identity's id ("" if that failed). */
async function createRunner(engine: ActionEngine, userId: string): Promise<string> {
  const created = await engine.execute({
    userId,
    type: "create_identity",
    params: runner,
    invoker: "coach",
  });
  return created.status === "completed"
    ? String((created.result as { identityId: string }).identityId)
    : "";
}

/** The coach creating Runner under an idempotency key (a request sent more than once). */
function createRunnerRequest(userId: string, idempotencyKey: string) {
  return {
    userId,
    type: "create_identity",
    params: runner,
    invoker: "coach" as const,
    idempotencyKey,
  };
}

/** The coach suggests "I am a runner" (a confirmed action): the pending action's id. */
async function suggestedStatement(userId: string, identityId: string) {
  const proposal = await h.engine.execute({
    userId,
    type: "suggest_i_am_statement",
    params: { identityId, statement: "I am a runner" },
    invoker: "coach",
  });
  if (proposal.status !== "pending_confirmation") throw new Error("expected pending");
  return proposal.pendingActionId;
}

describe("bad input gets a typed error and an audit row", () => {
  it("unknown action type", async () => {
    const { userId, out } = await asCoach("identity_brainstorming", "launch_rocket", {});
    expect(out.status).toBe("failed");
    if (out.status !== "failed") return;
    expect(out.error).toMatchObject({ name: "ActionValidationError", kind: "validation" });
    expect(out.summary).toBe("Error: ActionValidationError - Unknown action type 'launch_rocket'");
    const [row] = await auditRows(userId);
    expect(row).toMatchObject({ type: "launch_rocket", status: "failed", invoker: "coach" });
  });

  it("invalid params list the fields", async () => {
    const { userId, out } = await asCoach("identity_brainstorming", "create_identity", {
      name: 42,
      category: "astronaut",
    });
    expect(out.status === "failed" && out.error.fieldErrors?.map((f) => f.path).sort()).toEqual([
      "category",
      "name",
    ]);
    expect(await identitiesOf(h.db, userId)).toHaveLength(0);
  });

  it("an action outside the phase", async () => {
    const { userId, out } = await asCoach("introduction", "create_identity", runner);
    expect(out.status === "failed" && out.error.name).toBe("ActionNotAllowedError");
    expect(await identitiesOf(h.db, userId)).toHaveLength(0);
  });

  it("an invoker the action does not accept", async () => {
    const { userId, out } = await asCoach("get_to_know_you", "add_user_note", { note: "x" });
    expect(out.status === "failed" && out.error.name).toBe("ActionNotAllowedError");
    expect(await h.db.prisma.userNote.count({ where: { userId } })).toBe(0);
  });

  it("an id that does not exist", async () => {
    const { out } = await asCoach("identity_refinement", "add_identity_note", {
      identityId: "0195f0a0-0000-7000-8000-000000000000",
      note: "x",
    });
    expect(out.status === "failed" && out.error.name).toBe("ActionNotFoundError");
  });

  it("an oversized payload is rejected and stored only in bounded form", async () => {
    const huge = "🌱".repeat(200_000);
    const { userId, out } = await asCoach("identity_brainstorming", "create_identity", {
      name: huge,
      category: "spiritual",
    });
    expect(out.status === "failed" && out.error.kind).toBe("validation");
    const [row] = await auditRows(userId);
    expect(JSON.stringify(row?.params).length).toBeLessThan(20_000);
  });
});

describe("isolation between users", () => {
  it("no action can read or change another user's identities or notes", async () => {
    const owner = await h.newUser("identity_brainstorming");
    const identityId = await createRunner(h.engine, owner);
    const note = await h.engine.execute({
      userId: owner,
      type: "add_user_note",
      params: { note: "private" },
      invoker: "system",
    });
    const noteId =
      note.status === "completed" ? String((note.result as { noteId: string }).noteId) : "";

    const intruder = await h.newUser("identity_commitment");
    const attempts = [
      { type: "archive_identity", params: { identityId }, invoker: "user" as const },
      { type: "accept_identity_commitment", params: { identityId }, invoker: "coach" as const },
      {
        type: "nest_identity",
        params: { nestedIdentityId: identityId, parentIdentityId: identityId },
        invoker: "user" as const,
      },
      { type: "update_user_note", params: { noteId, note: "stolen" }, invoker: "system" as const },
      { type: "delete_user_note", params: { noteId }, invoker: "system" as const },
    ];
    for (const attempt of attempts) {
      const out = await h.engine.execute({ userId: intruder, ...attempt });
      expect(out.status, attempt.type).toBe("failed");
      if (out.status === "failed")
        expect(out.error.kind, attempt.type).toMatch(/not_found|validation/);
    }
    const [identity] = await identitiesOf(h.db, owner);
    expect(identity).toMatchObject({ state: "proposed", name: "Runner" });
    expect(
      (await h.db.prisma.userNote.findMany({ where: { userId: owner } })).map((n) => n.note),
    ).toEqual(["private"]);
    expect(await auditRows(owner)).toHaveLength(2);
  });
});

describe("actions that need consent", () => {
  it("a coach proposal becomes pending; approving applies it as the user", async () => {
    const { userId, identityId } = await h.userWithRunner("identity_commitment");
    const proposal = await h.engine.execute({
      userId,
      type: "archive_identity",
      params: { identityId },
      invoker: "coach",
    });
    expect(proposal.status).toBe("pending_confirmation");
    expect((await identitiesOf(h.db, userId))[0]?.state).toBe("proposed");
    if (proposal.status !== "pending_confirmation") return;

    const approved = await h.engine.approvePending(userId, proposal.pendingActionId);
    expect(approved.status).toBe("completed");
    expect((await identitiesOf(h.db, userId))[0]?.state).toBe("archived");
    const pending = await h.db.prisma.pendingAction.findUniqueOrThrow({
      where: { id: proposal.pendingActionId },
    });
    expect(pending.status).toBe("approved");
    const rows = await auditRows(userId);
    expect(rows.map((r) => [r.type, r.status, r.invoker])).toEqual([
      ["create_identity", "completed", "coach"],
      ["archive_identity", "approved", "coach"],
      ["archive_identity", "completed", "user"],
    ]);

    const twice = await h.engine.approvePending(userId, proposal.pendingActionId);
    expect(twice.status).toBe("failed");
  });

  it("approval may carry the user's edit of a suggested statement", async () => {
    const { userId, identityId } = await h.userWithRunner("i_am_statement");
    const pendingActionId = await suggestedStatement(userId, identityId);
    await h.engine.approvePending(userId, pendingActionId, {
      params: { identityId, statement: "I am a runner who loves mornings" },
    });
    expect((await identitiesOf(h.db, userId))[0]?.iAmStatement).toBe(
      "I am a runner who loves mornings",
    );
  });

  it("approval applies the stored params as they were parsed, not parsed again", async () => {
    // Parsing parsed params again applies transforms and defaults twice (issue 17, item 6).
    // Whitespace makes the second parse visible: the proposal stored its params after parsing;
    // here the stored statement still has spaces a parse would trim.
    const { userId, identityId } = await h.userWithRunner("i_am_statement");
    const pendingActionId = await suggestedStatement(userId, identityId);
    await h.db.prisma.pendingAction.update({
      where: { id: pendingActionId },
      data: { params: { identityId, statement: " I am a runner " } },
    });
    const approved = await h.engine.approvePending(userId, pendingActionId);
    expect(approved.status).toBe("completed");
    expect((await identitiesOf(h.db, userId))[0]?.iAmStatement).toBe(" I am a runner ");
  });

  it("rejecting applies nothing and is logged; another user cannot approve", async () => {
    const userId = await h.newUser("brainstorming_review");
    await h.setPhase(userId, "identity_brainstorming");
    await h.engine.execute({ userId, type: "create_identity", params: runner, invoker: "coach" });
    await h.engine.execute({
      userId,
      type: "create_identity",
      params: { name: "Cyclist", category: "physical_expression" },
      invoker: "coach",
    });
    await h.setPhase(userId, "brainstorming_review");
    const [a, b] = await identitiesOf(h.db, userId);
    const proposal = await h.engine.execute({
      userId,
      type: "combine_identities",
      params: { identityIdA: a?.id, identityIdB: b?.id },
      invoker: "coach",
    });
    if (proposal.status !== "pending_confirmation") throw new Error("expected pending");
    const other = await h.newUser("brainstorming_review");
    expect((await h.engine.approvePending(other, proposal.pendingActionId)).status).toBe("failed");
    expect((await h.engine.rejectPending(other, proposal.pendingActionId)).status).toBe("failed");

    const rejected = await h.engine.rejectPending(userId, proposal.pendingActionId);
    expect(rejected.status).toBe("completed");
    expect((await identitiesOf(h.db, userId)).map((i) => i.state)).toEqual([
      "proposed",
      "proposed",
    ]);
    const row = await h.db.prisma.action.findFirstOrThrow({
      where: { userId, type: "combine_identities" },
    });
    expect(row.status).toBe("rejected");
  });
});

describe("fault injection", () => {
  it("a throwing handler and a database error mid-list: earlier stay, failing ones leave only a failed row, later ones run", async () => {
    const engine = new ActionEngine({
      db: h.db,
      bus: h.bus,
      handlers: {
        ...handlers,
        add_identity_note: async (ctx, params) => {
          // Writes first, then throws: the write must roll back.
          await ctx.tx.identity.update({
            where: { id: params.identityId },
            data: { name: "CORRUPTED" },
          });
          throw new Error("boom");
        },
        update_identity: async (ctx) => {
          // A real database error in the middle of the transaction (a missing table).
          await ctx.tx.$executeRawUnsafe(`INSERT INTO "NoSuchTable" VALUES (1)`);
          return { result: { identityId: "x", updatedFields: [] }, summary: "unreachable" };
        },
      },
    });
    const userId = await h.newUser("anything_missing");
    const identityId = await createRunner(engine, userId);
    const outcomes = await engine.executeAll([
      { userId, type: "add_identity_note", params: { identityId, note: "n" }, invoker: "coach" },
      {
        userId,
        type: "update_identity",
        params: { identityId, name: "Sprinter" },
        invoker: "coach",
      },
      {
        userId,
        type: "create_identity",
        params: { name: "Father", category: "familial_relations" },
        invoker: "coach",
      },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["failed", "failed", "completed"]);
    expect(outcomes[0]?.status === "failed" && outcomes[0].error.name).toBe("ActionExecutionError");
    expect(outcomes[0]?.summary).toBe("Error: ActionExecutionError - Handler failed: boom");
    expect(outcomes[1]?.status === "failed" && outcomes[1].error.name).toBe("ActionServiceError");
    expect((await identitiesOf(h.db, userId)).map((i) => i.name)).toEqual(["Runner", "Father"]);
    const rows = await auditRows(userId);
    expect(rows.map((r) => [r.type, r.status])).toEqual([
      ["create_identity", "completed"],
      ["add_identity_note", "failed"],
      ["update_identity", "failed"],
      ["create_identity", "completed"],
    ]);
    expect(rows[1]?.error).toMatchObject({
      name: "ActionExecutionError",
      message: "Handler failed: boom",
    });
  });
});

describe("idempotency", () => {
  it("replaying a key returns the first outcome and applies nothing twice", async () => {
    const userId = await h.newUser("identity_brainstorming");
    const request = createRunnerRequest(userId, "turn-1:0");
    const first = await h.engine.execute(request);
    const second = await h.engine.execute(request);
    expect(first.replayed).toBe(false);
    expect(second).toMatchObject({
      replayed: true,
      actionId: first.actionId,
      status: "completed",
      summary: first.summary,
    });
    expect(await auditRows(userId)).toHaveLength(1);

    const failed = { ...request, type: "nope", idempotencyKey: "turn-1:1" };
    const f1 = await h.engine.execute(failed);
    const f2 = await h.engine.execute(failed);
    expect(f2).toMatchObject({ replayed: true, actionId: f1.actionId, status: "failed" });
  });

  it("a replay whose handler succeeds again is rolled back: first outcome, no new rows or events", async () => {
    const userId = await h.newUser("introduction");
    const request = {
      userId,
      type: "add_user_note",
      params: { note: "Has two dogs" },
      invoker: "system" as const,
      idempotencyKey: "notes:m1:0",
    };
    const first = await h.engine.execute(request);
    const eventsAfterFirst = await h.db.prisma.actionEvent.count({ where: { userId } });
    // Run again, this handler would answer "Note already recorded": the replay must not.
    const second = await h.engine.execute(request);
    expect(second).toMatchObject({
      replayed: true,
      actionId: first.actionId,
      status: "completed",
      summary: "Noted: Has two dogs",
    });
    expect(await auditRows(userId)).toHaveLength(1);
    expect(await h.db.prisma.userNote.count({ where: { userId } })).toBe(1);
    expect(await h.db.prisma.actionEvent.count({ where: { userId } })).toBe(eventsAfterFirst);
  });

  it("a replayed confirmation request returns the same pending action", async () => {
    const userId = await h.newUser("identity_brainstorming");
    await h.engine.execute({ userId, type: "create_identity", params: runner, invoker: "user" });
    const [identity] = await identitiesOf(h.db, userId);
    await h.setPhase(userId, "i_am_statement");
    const request = {
      userId,
      type: "suggest_i_am_statement",
      params: { identityId: identity?.id, statement: "I am a runner" },
      invoker: "coach" as const,
      idempotencyKey: "turn-9:0",
    };
    const first = await h.engine.execute(request);
    const second = await h.engine.execute(request);
    if (first.status !== "pending_confirmation" || second.status !== "pending_confirmation") {
      throw new Error(`expected pending confirmations, got ${first.status} / ${second.status}`);
    }
    expect(second).toMatchObject({
      replayed: true,
      actionId: first.actionId,
      pendingActionId: first.pendingActionId,
    });
    expect(await h.db.prisma.pendingAction.count({ where: { userId } })).toBe(1);
  });

  it("concurrent replays of one key apply once", async () => {
    const userId = await h.newUser("identity_brainstorming");
    const request = createRunnerRequest(userId, "k");
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => h.engine.execute(request)));
    expect(new Set(outcomes.map((o) => o.actionId)).size).toBe(1);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(await identitiesOf(h.db, userId)).toHaveLength(1);
  });
});

describe("concurrency", () => {
  it("concurrent executions for one user are serialized: no lost update", async () => {
    const userId = await h.newUser("get_to_know_you");
    const questions = [
      "background_upbringing",
      "family_structure",
      "work_living",
      "hobbies_interests",
      "why_here_hopes",
    ];
    await Promise.all(
      questions.map((question) =>
        h.engine.execute({
          userId,
          type: "mark_question_asked",
          params: { question },
          invoker: "coach",
        }),
      ),
    );
    expect((await stateOf(h.db, userId)).askedQuestions.sort()).toEqual([...questions].sort());
  });

  it("different users proceed independently", async () => {
    const users = await Promise.all([
      h.newUser("identity_brainstorming"),
      h.newUser("identity_brainstorming"),
    ]);
    const outcomes = await Promise.all(
      users.flatMap((userId) =>
        ["A", "B", "C"].map((name) =>
          h.engine.execute({
            userId,
            type: "create_identity",
            params: { name, category: "spiritual" },
            invoker: "coach",
          }),
        ),
      ),
    );
    expect(outcomes.every((o) => o.status === "completed")).toBe(true);
    for (const userId of users) expect(await identitiesOf(h.db, userId)).toHaveLength(3);
  });
});

describe("lifecycle events", () => {
  it("are persisted, published in order and complete, and replayable after an id", async () => {
    const userId = await h.newUser("identity_brainstorming");
    const live = h.collect(userId);
    const other = h.collect(await h.newUser());
    await h.engine.executeAll([
      { userId, type: "create_identity", params: runner, invoker: "coach" },
      { userId, type: "create_identity", params: { name: 1 }, invoker: "coach" },
      {
        userId,
        type: "combine_identities",
        params: { identityIdA: "a", identityIdB: "b" },
        invoker: "coach",
      },
    ]);
    expect(live.map((e) => [e.actionType, e.kind])).toEqual([
      ["create_identity", "started"],
      ["create_identity", "completed"],
      ["create_identity", "started"],
      ["create_identity", "failed"],
      ["combine_identities", "started"],
      ["combine_identities", "failed"],
    ]);
    expect(other).toEqual([]);
    const ids = live.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(live[1]?.summary).toBe("Created identity 'Runner' in category 'physical_expression'");

    const replayed = await h.engine.eventsSince(userId, ids[1] ?? 0n);
    expect(replayed.map((e) => e.id)).toEqual(live.slice(2).map((e) => e.id));
  });

  it("truncate multi-byte payloads on the wire while the database keeps them whole", async () => {
    const engine = new ActionEngine({ db: h.db, bus: h.bus, handlers, wireDataBytes: 256 });
    const userId = await h.newUser("identity_warm_up");
    const live = h.collect(userId);
    const items = Array.from({ length: 10 }, (_, i) => `${i}: ${"日本語のテキスト".repeat(10)}`);
    await engine.execute({
      userId,
      type: "update_who_you_are",
      params: { items },
      invoker: "coach",
    });
    const completedEvent = live.find((e) => e.kind === "completed");
    expect(completedEvent?.truncated).toBe(true);
    expect(
      new TextEncoder().encode(JSON.stringify(completedEvent?.data)).byteLength,
    ).toBeLessThanOrEqual(256);
    const row = await h.db.prisma.action.findFirstOrThrow({ where: { userId } });
    expect(row.result).toEqual({ items });
  });
});

// actions.catalog / execute / log and pending approvals through the SDK.
import { ActionType, errorData } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, seedPending, settled, startHarness } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.dispose());

describe("actions", () => {
  it("catalog: every action with its title, icon, params JSON Schema, invokers, confirmation", async () => {
    const user = await h.newUser();
    const catalog = await user.client.actions.catalog.query();
    expect(catalog.map((entry) => entry.type)).toEqual(Object.values(ActionType));
    const suggest = catalog.find((entry) => entry.type === ActionType.SUGGEST_I_AM_STATEMENT);
    expect(suggest).toMatchObject({
      title: 'Suggest "I am" statement',
      confirmation: true,
      invokers: ["coach", "user"],
      phases: ["i_am_statement"],
      params: { type: "object", required: expect.arrayContaining(["identityId", "statement"]) },
    });
    expect(typeof suggest?.icon).toBe("string");
  });

  it("execute: a typed call runs as the user; idempotency keys replay", async () => {
    const user = await h.newUser();
    // The types offer only user actions; the server refuses the others all the same.
    const systemOnly = { type: ActionType.ADD_USER_NOTE, params: { note: "Likes tea" } } as const;
    const execute = user.client.actions.execute;
    // @ts-expect-error: add_user_note is the system's (the note taker's), not offered to clients.
    const first = await execute.mutate({ ...systemOnly, idempotencyKey: "note-1" });
    expect(first).toMatchObject({ status: "failed", error: { kind: "not_allowed" } });

    await h.db.prisma.coachState.update({
      where: { userId: user.userId },
      data: { phase: "identity_brainstorming" },
    });
    const created = await user.client.actions.execute.mutate({
      type: ActionType.CREATE_IDENTITY,
      params: { name: "Runner", category: "physical_expression" },
      idempotencyKey: "create-1",
    });
    expect(created).toMatchObject({ status: "completed", replayed: false });
    const again = await user.client.actions.execute.mutate({
      type: ActionType.CREATE_IDENTITY,
      params: { name: "Runner", category: "physical_expression" },
      idempotencyKey: "create-1",
    });
    expect(again).toMatchObject({
      status: "completed",
      replayed: true,
      actionId: created.actionId,
    });
    const state = await user.client.state.get.query();
    expect(state.identities.map((i) => i.name)).toEqual(["Runner"]);
  });

  it("execute: invalid params and unknown types are audited failures with field errors", async () => {
    const user = await h.newUser();
    const invalid = await user.client.actions.execute.mutate({
      type: ActionType.CREATE_IDENTITY,
      // @ts-expect-error: "nowhere" is not a category: the SDK's types reject it too.
      params: { name: "", category: "nowhere" },
    });
    expect(invalid.status).toBe("failed");
    if (invalid.status !== "failed") return;
    expect(invalid.error.kind).toBe("validation");
    expect(invalid.error.fieldErrors?.map((f) => f.path).sort()).toEqual(["category", "name"]);

    // Not an action type: the SDK's types reject both the type and (so) any params.
    const unknown = await user.client.actions.execute.mutate({
      // @ts-expect-error: not an action type.
      type: "launch_rocket",
      // @ts-expect-error: no params type fits an unknown action.
      params: {},
    });
    expect(unknown).toMatchObject({ status: "failed", error: { kind: "validation" } });

    const log = await user.client.actions.log.query({ status: "failed" });
    expect(log.items.map((item) => item.id)).toEqual([unknown.actionId, invalid.actionId]);
    expect(log.items[1]?.error?.fieldErrors?.length).toBe(2);
    expect(log.items[1]?.invoker).toBe("user");
  });

  it("log: filters (type, status, invoker, date range) and cursor pagination", async () => {
    const user = await h.newUser();
    for (const message of ["Hello", "I'm ready", "I grew up by the sea.", "I have a son."]) {
      await user.client.chat.send.mutate({ message });
    }
    await settled(h);
    const everything = await user.client.actions.log.query({ limit: 100 });
    expect(everything.nextCursor).toBeNull();
    const total = everything.items.length;
    expect(total).toBeGreaterThanOrEqual(5);

    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await user.client.actions.log.query({ limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual(everything.items.map((item) => item.id));

    const asked = await user.client.actions.log.query({ type: ActionType.MARK_QUESTION_ASKED });
    expect(asked.items.length).toBeGreaterThan(0);
    expect(asked.items.every((item) => item.type === "mark_question_asked")).toBe(true);
    const byCoach = await user.client.actions.log.query({ invoker: "coach", limit: 100 });
    const bySystem = await user.client.actions.log.query({ invoker: "system", limit: 100 });
    expect(byCoach.items.length + bySystem.items.length).toBe(total);
    expect(bySystem.items.every((item) => item.type.endsWith("user_note"))).toBe(true);

    const oldest = everything.items.at(-1)?.createdAt ?? new Date();
    const none = await user.client.actions.log.query({ to: oldest });
    expect(none.items).toEqual([]);
    const future = await user.client.actions.log.query({ from: new Date(Date.now() + 60_000) });
    expect(future.items).toEqual([]);
    const all = await user.client.actions.log.query({ from: oldest, limit: 100 });
    expect(all.items).toHaveLength(total);
  });

  it("pending: approve with an edited I am statement; reject another one", async () => {
    const user = await h.newUser();
    const { identityId, pendingActionId } = await seedPending(h, user.userId);
    const listed = await user.client.pending.list.query();
    expect(listed).toMatchObject([
      { id: pendingActionId, type: "suggest_i_am_statement", status: "pending" },
    ]);
    // An edit names the pending action's type (its params are typed by it): another type is a
    // BAD_REQUEST that changes nothing.
    const wrongType = await user.client.pending.approve
      .mutate({ pendingActionId, type: "create_identity", params: { name: "Runner" } })
      .then(
        () => null,
        (error: unknown) => errorData(error),
      );
    expect(wrongType).toMatchObject({ code: "BAD_REQUEST", reason: "invalid_input" });
    const untyped = await user.client.pending.approve
      // @ts-expect-error: edited params without the pending action's type.
      .mutate({ pendingActionId, params: { statement: "I am untyped." } })
      .then(
        () => null,
        (error: unknown) => errorData(error),
      );
    expect(untyped).toMatchObject({ code: "BAD_REQUEST" });
    expect((await user.client.pending.list.query()).map((p) => p.id)).toEqual([pendingActionId]);

    const approved = await user.client.pending.approve.mutate({
      pendingActionId,
      type: "suggest_i_am_statement",
      params: { statement: "I am a runner who greets every sunrise." },
    });
    expect(approved.status).toBe("completed");
    const identity = (await user.client.state.get.query()).identities.find(
      (i) => i.id === identityId,
    );
    expect(identity?.iAmStatement).toBe("I am a runner who greets every sunrise.");
    expect(await user.client.pending.list.query()).toEqual([]);
    expect((await user.client.pending.list.query({ status: "approved" })).map((p) => p.id)).toEqual(
      [pendingActionId],
    );

    const second = await h.runtime.engine.execute({
      userId: user.userId,
      type: "suggest_i_am_statement",
      params: { identityId, statement: "I am fast." },
      invoker: "coach",
    });
    if (second.status !== "pending_confirmation") throw new Error("expected a pending action");
    const rejected = await user.client.pending.reject.mutate({
      pendingActionId: second.pendingActionId,
    });
    expect(rejected.status).toBe("completed");
    expect((await user.client.pending.list.query({ status: "rejected" })).length).toBe(1);
    const again = await user.client.pending.approve.mutate({
      pendingActionId: second.pendingActionId,
    });
    expect(again).toMatchObject({ status: "failed", error: { kind: "not_found" } });
  });
});

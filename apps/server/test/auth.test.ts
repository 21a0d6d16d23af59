// Authentication and roles over real HTTP: missing, wrong and revoked tokens; SSE auth through
// connectionParams and through the Authorization header; admin procedures for admins only.

import { checkServer, createClient } from "@trellis/sdk";
import { EventSource } from "eventsource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, type Harness, startHarness, type TestUser, waitFor } from "./support.ts";

let h: Harness;
let user: TestUser;
beforeAll(async () => {
  // Open subscriptions re-check their token this often (15 s by default).
  h = await startHarness({ tokenRecheckMs: 100 });
  user = await h.newUser();
});
afterAll(() => h.dispose());

/** One call of every procedure except health and the subscription. */
function everyCall(client: ReturnType<typeof createClient>) {
  const id = "00000000-0000-7000-8000-000000000000";
  return {
    "account.me": () => client.account.me.query(),
    "account.tokens": () => client.account.tokens.query(),
    "account.revokeToken": () => client.account.revokeToken.mutate({ tokenId: id }),
    "account.signOut": () => client.account.signOut.mutate(),
    "chat.send": () => client.chat.send.mutate({ message: "Hello" }),
    "chat.history": () => client.chat.history.query(),
    "state.get": () => client.state.get.query(),
    "actions.catalog": () => client.actions.catalog.query(),
    "actions.execute": () =>
      client.actions.execute.mutate({
        type: "transition_phase",
        params: { toPhase: "get_to_know_you" },
      }),
    "actions.log": () => client.actions.log.query(),
    "pending.list": () => client.pending.list.query(),
    "pending.approve": () => client.pending.approve.mutate({ pendingActionId: id }),
    "pending.reject": () => client.pending.reject.mutate({ pendingActionId: id }),
    ...adminCalls(client),
  };
}

function adminCalls(client: ReturnType<typeof createClient>) {
  const id = "00000000-0000-7000-8000-000000000000";
  return {
    "admin.prompts.list": () => client.admin.prompts.list.query(),
    "admin.prompts.create": () =>
      client.admin.prompts.create.mutate({
        phase: "introduction",
        body: "Hi",
        requiredContextKeys: [],
      }),
    "admin.prompts.activate": () =>
      client.admin.prompts.activate.mutate({ phase: "introduction", version: 1 }),
    "admin.scenarios.list": () => client.admin.scenarios.list.query(),
    "admin.scenarios.freeze": () => client.admin.scenarios.freeze.mutate({ name: "x" }),
    "admin.scenarios.instantiate": () =>
      client.admin.scenarios.instantiate.mutate({ scenarioId: id }),
    "admin.scenarios.reset": () => client.admin.scenarios.reset.mutate({ scenarioId: id }),
    "admin.users.list": () => client.admin.users.list.query({ search: "x" }),
    "admin.users.create": () =>
      client.admin.users.create.mutate({ email: "x@example.test", firstName: "X" }),
    "admin.tokens.issue": () => client.admin.tokens.issue.mutate({ userId: id, name: "x" }),
    "admin.tokens.revoke": () => client.admin.tokens.revoke.mutate({ tokenId: id }),
    "admin.usage": () => client.admin.usage.query({ groupBy: ["day"] }),
  };
}

async function codes(calls: Record<string, () => Promise<unknown>>) {
  const out: Record<string, string> = {};
  for (const [name, call] of Object.entries(calls)) out[name] = await errorCode(call());
  return out;
}

describe("authentication", () => {
  it("health and the API version need no token (GET /health, health, checkServer)", async () => {
    const response = await fetch(`${h.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: true, events: true });
    const anonymous = createClient({ url: h.url, token: "", EventSource });
    expect(await anonymous.health.query()).toEqual({ status: "ok", db: true, events: true });
    await expect(checkServer(anonymous)).resolves.toBeUndefined();
  });

  it("every other procedure answers UNAUTHORIZED without a token", async () => {
    const response = await fetch(`${h.url}/trpc/state.get`);
    expect(response.status).toBe(401);
    const anonymous = createClient({ url: h.url, token: "", EventSource });
    const all = await codes(everyCall(anonymous));
    expect(new Set(Object.values(all))).toEqual(new Set(["UNAUTHORIZED"]));
  });

  it("and with a wrong token", async () => {
    const wrong = createClient({ url: h.url, token: "trl_not-a-real-token", EventSource });
    const all = await codes(everyCall(wrong));
    expect(new Set(Object.values(all))).toEqual(new Set(["UNAUTHORIZED"]));
    const malformed = await fetch(`${h.url}/trpc/state.get`, {
      headers: { authorization: "Basic dXNlcjpwYXNz" },
    });
    expect(malformed.status).toBe(401);
  });

  it("rejects a token once it is revoked, and records when tokens are used", async () => {
    const other = await h.newUser();
    expect((await other.client.account.me.query()).id).toBe(other.userId);
    const [info] = await other.client.account.tokens.query();
    expect(info).toMatchObject({ id: other.tokenId, current: true, revokedAt: null });
    expect(info?.lastUsedAt).toBeInstanceOf(Date);

    await other.client.account.revokeToken.mutate({ tokenId: other.tokenId });
    expect(await errorCode(other.client.state.get.query())).toBe("UNAUTHORIZED");

    // Revoked by an admin.
    const third = await h.newUser();
    const admin = await h.newUser({ role: "admin" });
    await admin.client.admin.tokens.revoke.mutate({ tokenId: third.tokenId });
    expect(await errorCode(third.client.state.get.query())).toBe("UNAUTHORIZED");
  });

  it("subscriptions: UNAUTHORIZED without a valid token, no retry loop", async () => {
    const wrong = createClient({ url: h.url, token: "trl_wrong", EventSource });
    const failure = await new Promise<unknown>((resolve) => {
      wrong.events.subscribe.subscribe(undefined, { onError: resolve });
    });
    expect(await errorCode(Promise.reject(failure))).toBe("UNAUTHORIZED");
  });

  it("an open subscription ends when its token is revoked", async () => {
    const other = await h.newUser();
    const response = await fetch(`${h.url}/trpc/events.subscribe`, {
      headers: { authorization: `Bearer ${other.token}`, accept: "text/event-stream" },
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no response body");
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain("event: connected");

    await other.client.account.revokeToken.mutate({ tokenId: other.tokenId });
    // The server ends the stream (tRPC's `return` event, then end of body) on its own.
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value);
    }
    expect(text).toContain("event: return");
    expect(await errorCode(other.client.state.get.query())).toBe("UNAUTHORIZED");
  });

  it("the token in the URL (connectionParams) counts only for the SSE subscription", async () => {
    const params = encodeURIComponent(JSON.stringify({ token: user.token }));
    const before = await h.db.prisma.userNote.count({ where: { userId: user.userId } });
    const post = await fetch(`${h.url}/trpc/actions.execute?connectionParams=${params}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { type: "add_user_note", params: { note: "from a URL" } } }),
    });
    expect(post.status).toBe(401);
    expect(await h.db.prisma.userNote.count({ where: { userId: user.userId } })).toBe(before);
    const get = await fetch(`${h.url}/trpc/state.get?connectionParams=${params}`);
    expect(get.status).toBe(401);

    const controller = new AbortController();
    const sse = await fetch(`${h.url}/trpc/events.subscribe?connectionParams=${params}`, {
      headers: { accept: "text/event-stream" },
      signal: controller.signal,
    });
    expect(sse.status).toBe(200);
    const first = await sse.body?.getReader().read();
    expect(new TextDecoder().decode(first?.value)).toContain("event: connected");
    controller.abort();
  });

  it("subscriptions accept the token in the Authorization header too", async () => {
    const controller = new AbortController();
    const response = await fetch(`${h.url}/trpc/events.subscribe`, {
      headers: { authorization: `Bearer ${user.token}`, accept: "text/event-stream" },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain("event: connected");
    controller.abort();

    const denied = await fetch(`${h.url}/trpc/events.subscribe`, {
      headers: { accept: "text/event-stream" },
    });
    const text = await denied.text();
    expect(text).toContain("UNAUTHORIZED");
    expect(text).not.toContain("stack");
  });

  it("logs one JSON line per request (path only: SSE URLs carry the token) and per action", async () => {
    const lines: string[] = [];
    const { createLogger } = await import("../src/logger.ts");
    const logged = await startHarness({
      logger: createLogger({ write: (line) => lines.push(line) }),
    });
    try {
      const u = await logged.newUser();
      let started = false;
      const sub = u.client.events.subscribe.subscribe(undefined, {
        onStarted: () => {
          started = true;
        },
      });
      await waitFor(() => started);
      await u.client.state.get.query();
      await u.client.chat.send.mutate({ message: "Hello" });
      sub.unsubscribe();
      await waitFor(() => lines.filter((l) => l.includes('"msg":"request"')).length >= 2);
      expect(lines.join("")).not.toContain(u.token);
      const entry = JSON.parse(lines.find((l) => l.includes("state.get")) ?? "{}");
      expect(entry).toMatchObject({ level: "info", method: "GET", status: 200 });
      expect(typeof entry.durationMs).toBe("number");
      const action = JSON.parse(lines.find((l) => l.includes('"msg":"action"')) ?? "{}");
      expect(action).toMatchObject({
        userId: u.userId,
        type: "show_canned_replies",
        status: "completed",
        invoker: "coach",
      });
    } finally {
      await logged.dispose();
    }
  });
});

describe("roles", () => {
  it("admin procedures answer FORBIDDEN to users", async () => {
    const all = await codes(adminCalls(user.client));
    expect(all).toEqual(Object.fromEntries(Object.keys(all).map((name) => [name, "FORBIDDEN"])));
  });

  it("users may not chat as a test scenario or pin a prompt version", async () => {
    const scenarioId = "00000000-0000-7000-8000-000000000000";
    expect(
      await errorCode(user.client.chat.send.mutate({ message: "Hi", testScenarioId: scenarioId })),
    ).toBe("FORBIDDEN");
    expect(await errorCode(user.client.chat.send.mutate({ message: "Hi", promptVersion: 1 }))).toBe(
      "FORBIDDEN",
    );
    expect(await errorCode(user.client.state.get.query({ testScenarioId: scenarioId }))).toBe(
      "FORBIDDEN",
    );
  });

  it("admins create users and issue their tokens", async () => {
    const admin = await h.newUser({ role: "admin" });
    const created = await admin.client.admin.users.create.mutate({
      email: "New.Person@Example.test",
      firstName: "New",
    });
    expect(created).toMatchObject({ email: "new.person@example.test", role: "user" });
    const issued = await admin.client.admin.tokens.issue.mutate({
      userId: created.id,
      name: "app",
    });
    const client = h.client(issued.token);
    expect((await client.account.me.query()).id).toBe(created.id);
    expect((await client.state.get.query()).state.phase).toBe("introduction");
    expect(
      await errorCode(
        admin.client.admin.users.create.mutate({
          email: "new.person@example.test",
          firstName: "Dup",
        }),
      ),
    ).toBe("CONFLICT");
  });
});

// Rate and concurrency limits over real HTTP, with small configured limits: per-user call and
// per-IP request windows counted in the database (so two server processes on one database
// share them), 429 with Retry-After, and per-user caps on running turns and open subscriptions
// that a dead process cannot hold for good.
import type { LimitsConfig } from "@trellis/api";
import { type CoachModel, type CoachModelInput, ScriptedCoachModel } from "@trellis/ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../src/logger.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { generousLimits, type Harness, startHarness, type TestUser, waitFor } from "./support.ts";

/** The scripted coach, held at the model call while `gate` is set (a turn in flight). */
class GatedCoach implements CoachModel {
  readonly name = "gated";
  readonly #inner = new ScriptedCoachModel();
  gate: Promise<void> | null = null;
  waiting = 0;
  async respond(input: CoachModelInput): Promise<string> {
    if (this.gate) {
      this.waiting++;
      await this.gate;
      this.waiting--;
    }
    return this.#inner.respond(input);
  }
}

const coach = new GatedCoach();
let h: Harness;
const servers: RunningServer[] = [];
beforeAll(async () => {
  h = await startHarness({ coachModel: coach });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => h.dispose());

/** Another server process's view: its own limiter objects, the same database. */
async function serverWith(limits: Partial<LimitsConfig>): Promise<RunningServer> {
  const server = await startServer({
    runtime: h.runtime,
    logger: silentLogger,
    port: 0,
    host: "127.0.0.1",
    closeGraceMs: 2_000,
    limits: { ...generousLimits, ...limits },
  });
  servers.push(server);
  return server;
}

function call(server: RunningServer, user: TestUser, path = "account.me"): Promise<Response> {
  return fetch(`${server.url}/trpc/${path}`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
}

function send(server: RunningServer, user: TestUser, message: string): Promise<Response> {
  return fetch(`${server.url}/trpc/chat.send`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
    body: JSON.stringify({ json: { message } }),
  });
}

async function reasonOf(response: Response): Promise<unknown> {
  const body: unknown = await response.json();
  const error = (Array.isArray(body) ? body[0] : body) as { error?: { json?: unknown } };
  return (error.error?.json as { data?: { reason?: unknown } } | undefined)?.data?.reason;
}

describe("rate limits", () => {
  it("per user: 429 with Retry-After past the window's calls, counted across server processes", async () => {
    const limits = { userCallsPerWindow: 5, windowSeconds: 60 };
    const a = await serverWith(limits);
    const b = await serverWith(limits);
    const user = await h.newUser();
    const other = await h.newUser();

    for (const server of [a, a, a, b]) expect((await call(server, user)).status).toBe(200);
    // A batch counts each of its calls: 2 more would be 6.
    const batch = await fetch(`${b.url}/trpc/account.me,account.me?batch=1&input={}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(batch.status).toBe(429);
    const refused = await call(a, user);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await reasonOf(refused)).toBe("rate_limited");

    // Other users have windows of their own.
    expect((await call(a, other)).status).toBe(200);
  });

  it("per user: concurrent calls on two servers are each counted once", async () => {
    const limits = { userCallsPerWindow: 6, windowSeconds: 60 };
    const servers = [await serverWith(limits), await serverWith(limits)];
    const user = await h.newUser();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(servers[i % 2] as RunningServer, user)),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(6).fill(200), ...Array(6).fill(429)]);
  });

  it("per IP address: 429 with Retry-After before any work; /health is not limited", async () => {
    await h.db.prisma.rateLimit.deleteMany({ where: { key: { startsWith: "ip:" } } });
    const server = await serverWith({ ipRequestsPerWindow: 3, windowSeconds: 120 });
    const user = await h.newUser();
    for (let i = 0; i < 3; i++) expect((await call(server, user)).status).toBe(200);

    const before = await h.db.prisma.userNote.count({ where: { userId: user.userId } });
    const refused = await fetch(`${server.url}/trpc/actions.execute`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify({ json: { type: "add_user_note", params: { note: "over" } } }),
    });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(await h.db.prisma.userNote.count({ where: { userId: user.userId } })).toBe(before);
    // Unauthenticated requests count too (token guessing is limited as well).
    expect((await fetch(`${server.url}/trpc/account.me`)).status).toBe(429);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await h.db.prisma.rateLimit.deleteMany({ where: { key: { startsWith: "ip:" } } });
  });
});

describe("concurrency limits", () => {
  it("caps the turns one user runs at once, across server processes", async () => {
    const limits = { concurrentTurnsPerUser: 1 };
    const a = await serverWith(limits);
    const b = await serverWith(limits);
    const user = await h.newUser();
    const other = await h.newUser();

    let open = () => {};
    coach.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const first = send(a, user, "Hello");
    await waitFor(() => coach.waiting === 1);

    // One reply at a time: the second message is refused with a reason the UI can show.
    const second = await send(b, user, "Hello again");
    expect(second.status).toBe(409);
    expect(await reasonOf(second)).toBe("turn_in_progress");

    // Another user's turn is not held up by this one's.
    const theirs = send(b, other, "Hi");
    await waitFor(() => coach.waiting === 2);
    open();
    coach.gate = null;
    expect((await first).status).toBe(200);
    expect((await theirs).status).toBe(200);

    // The slot was given back: the next turn runs.
    expect((await send(b, user, "And now?")).status).toBe(200);
  });

  it("a slot left by a dead process lapses; a live one is renewed while held", async () => {
    const server = await serverWith({ concurrentTurnsPerUser: 1, slotRenewSeconds: 0.2 });
    const user = await h.newUser();
    // What a process killed during a turn leaves behind: a slot nobody renews any more.
    await h.db.prisma.concurrencySlot.create({
      data: { key: `turn:${user.userId}`, expiresAt: new Date(Date.now() - 1) },
    });
    expect((await send(server, user, "Hello")).status).toBe(200);

    let open = () => {};
    coach.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const turn = send(server, user, "Hold on");
    await waitFor(() => coach.waiting === 1);
    const key = `turn:${user.userId}`;
    const first = await h.db.prisma.concurrencySlot.findFirstOrThrow({ where: { key } });
    await waitFor(async () => {
      const now = await h.db.prisma.concurrencySlot.findFirstOrThrow({ where: { key } });
      return now.expiresAt > first.expiresAt;
    });
    open();
    coach.gate = null;
    expect((await turn).status).toBe(200);
    expect(await h.db.prisma.concurrencySlot.count({ where: { key } })).toBe(0);
  });

  it("caps the event subscriptions one user holds open", async () => {
    const server = await serverWith({ subscriptionsPerUser: 1 });
    const user = await h.newUser();
    const subscribe = (signal?: AbortSignal) =>
      fetch(`${server.url}/trpc/events.subscribe`, {
        headers: { authorization: `Bearer ${user.token}`, accept: "text/event-stream" },
        ...(signal ? { signal } : {}),
      });

    const held = new AbortController();
    const first = await subscribe(held.signal);
    const reader = first.body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toContain("event: connected");

    // SSE answers 200 before the procedure runs: the refusal is the stream's error event.
    const refused = await (await subscribe()).text();
    expect(refused).toContain("TOO_MANY_REQUESTS");
    expect(refused).toContain("too_many_concurrent");

    held.abort();
    const key = `subscription:${user.userId}`;
    await waitFor(async () => (await h.db.prisma.concurrencySlot.count({ where: { key } })) === 0);
    const again = new AbortController();
    const next = await subscribe(again.signal);
    const text = new TextDecoder().decode((await next.body?.getReader().read())?.value);
    expect(text).toContain("event: connected");
    again.abort();
  });
});

// chat.stream end to end over HTTP (SSE through the SDK's client), with the real `openai` SDK
// streaming from the fake OpenAI-compatible server: the coach's words as they are generated,
// actions as they apply, re-asks, failures, stop, reconnect, and hostile deltas.
import { ScriptedCoachModel, ScriptedNoteModel } from "@trellis/ai";
import { type FakeOpenAI, fakeReply, startFakeOpenAI } from "@trellis/ai/testing";
import { initialTurnView, reduceTurnView, type TurnStreamEvent, turnEvents } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Harness, startHarness, waitFor } from "./support.ts";
import { deltas, receive, type Received } from "./turn-stream-client.ts";

const API_KEY = "sk-test-trellis";
let fake: FakeOpenAI;
let h: Harness;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
  h = await startHarness({
    models: { openaiApiKey: API_KEY, baseURL: fake.url, model: "gpt-test", maxRetries: 0 },
    noteModel: new ScriptedNoteModel(),
  });
});
afterAll(async () => {
  await h?.dispose();
  await fake?.close();
});

const types = (received: Received[]) => received.map((r) => r.event.type);

const greeting = {
  message: "Hello Grace, shall we begin our work together today?",
  actions: [{ type: "show_canned_replies", params: { replies: ["Yes", "Not yet"] } }],
};

describe("chat.stream through the OpenAI provider (streamed structured outputs)", () => {
  it("streams the message as it grows, then each action, then the result", async () => {
    const user = await h.newUser({ firstName: "Grace" });
    fake.enqueue(fakeReply.json(greeting, { stream: { chunkSize: 5 } }));
    const received = await receive(user.client, { message: "Hi there" });
    const events = received.map((r) => r.event);
    expect(fake.request(fake.requests.length - 1).body.stream).toBe(true);
    expect(types(received)[0]).toBe("turn.started");
    const words = deltas(events);
    expect(words.length).toBeGreaterThan(3);
    expect(words.join("")).toBe(greeting.message);
    const tail = types(received).filter((type) => type !== "message.delta");
    expect(tail).toEqual(["turn.started", "action.started", "action.completed", "turn.completed"]);
    // Tracked ids number the events 1, 2, … (what a reconnect resumes after).
    expect(received.map((r) => r.id)).toEqual(received.map((_, index) => String(index + 1)));
    const view = events.reduce(reduceTurnView, initialTurnView);
    expect(view).toMatchObject({ status: "completed", text: greeting.message, reasks: 0 });
    expect(view.actions).toMatchObject([
      { actionType: "show_canned_replies", status: "completed" },
    ]);
    const last = events.at(-1);
    expect(last?.type === "turn.completed" && last.result.coachMessage.content).toBe(
      greeting.message,
    );
    expect(
      await h.db.prisma.action.count({ where: { userId: user.userId, status: "completed" } }),
    ).toBe(1);
  });

  it("an invalid reply is re-asked: the client is told to reset, the valid reply applies", async () => {
    const user = await h.newUser();
    fake.enqueue(
      fakeReply.json(
        { message: "Launching now", actions: [{ type: "launch_rocket", params: {} }] },
        { stream: { chunkSize: 4 } },
      ),
      fakeReply.json(greeting, { stream: { chunkSize: 4 } }),
    );
    const events = (await receive(user.client, { message: "Hi" })).map((r) => r.event);
    const reask = events.findIndex((e) => e.type === "turn.reasked");
    expect(reask).toBeGreaterThan(0);
    expect(deltas(events.slice(0, reask)).join("")).toBe("Launching now");
    expect(deltas(events.slice(reask)).join("")).toBe(greeting.message);
    const reasked = events[reask];
    expect(reasked?.type === "turn.reasked" && reasked.problems.join(" ")).toContain(
      "Unknown action type",
    );
    const view = events.reduce(reduceTurnView, initialTurnView);
    expect(view).toMatchObject({ status: "completed", text: greeting.message, reasks: 1 });
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("a stream the model cuts short fails the turn clearly; nothing is applied", async () => {
    const user = await h.newUser();
    fake.enqueue(fakeReply.json(greeting, { stream: { chunkSize: 5, cutAfterChunks: 6 } }));
    const events = (await receive(user.client, { message: "Hi" })).map((r) => r.event);
    expect(events.at(-1)).toEqual({
      type: "turn.failed",
      error: {
        kind: "model_failed",
        message: "The coach model is unavailable; nothing was applied. Try again.",
      },
    });
    expect(deltas(events).length).toBeGreaterThan(0);
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
    expect(
      await h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } }),
    ).toBe(0);
  });

  it("chat.stop during the model call aborts it: turn.stopped, nothing applied, recorded", async () => {
    const user = await h.newUser();
    fake.enqueue(fakeReply.json(greeting, { stream: { chunkSize: 5, stallAfterChunks: 4 } }));
    const sent = fake.requests.length;
    const stream = receive(user.client, { message: "Hi" });
    await waitFor(() => fake.requests.length > sent);
    const record = await waitForRecord(user.userId);
    // The stop may come before the first word: what matters is that it ends the turn.
    expect(await user.client.chat.stop.mutate({ turnId: record.id })).toEqual({ stopped: true });
    const events = (await stream).map((r) => r.event);
    expect(events.at(-1)).toEqual({ type: "turn.stopped" });
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
    await waitFor(async () => {
      const stored = await h.db.prisma.turnRecord.findUniqueOrThrow({ where: { id: record.id } });
      return stored.stage === "interrupted" && JSON.stringify(stored.response).includes("stopped");
    });
    // Stopping a turn that has ended changes nothing.
    expect(await user.client.chat.stop.mutate({ turnId: record.id })).toEqual({ stopped: false });
  });

  it("a dropped connection does not cancel the turn; reconnecting resumes after the last id", async () => {
    const user = await h.newUser();
    fake.enqueue(fakeReply.json(greeting, { stream: { chunkSize: 3, paceMs: 20 } }));
    const input = { message: "Hi", idempotencyKey: `resume-${user.userId}` };
    const first = await receive(
      user.client,
      input,
      (r) => deltas(r.map((x) => x.event)).length >= 2,
    );
    const lastId = first.at(-1)?.id ?? "0";
    // The same input with the last id: what tRPC's client sends when it reconnects.
    const rest = await receive(user.client, { ...input, lastEventId: lastId });
    expect(rest[0]?.id).toBe(String(Number(lastId) + 1));
    const all = [...first, ...rest].map((r) => r.event);
    expect(deltas(all).join("")).toBe(greeting.message);
    expect(all.filter((e) => e.type === "turn.started")).toHaveLength(1);
    expect(all.at(-1)?.type).toBe("turn.completed");
    // Following by turn id (a page reload) gives the same turn, from its start.
    const started = all[0];
    const turnId = started?.type === "turn.started" ? started.turnId : "";
    const again = await receive(user.client, { turnId });
    expect(again.map((r) => r.event)).toEqual(all);
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("hostile deltas (NUL, a lone surrogate, a 1 MB message): never streamed, a clear error, nothing applied", async () => {
    const user = await h.newUser();
    const hostile = [
      `{"message": "Hello\\u0000 world", "actions": []}`,
      `{"message": "Hi \\ud800 there", "actions": []}`,
      JSON.stringify({ message: "x".repeat(1024 * 1024), actions: [] }),
    ];
    fake.enqueue(
      ...hostile.map((content) => fakeReply.text(content, { stream: { chunkSize: 4096 } })),
    );
    const events = (await receive(user.client, { message: "Hi" })).map((r) => r.event);
    const shown = deltas(events).join("");
    expect(shown.includes("\u0000")).toBe(false);
    expect(shown.isWellFormed()).toBe(true);
    expect(shown.length).toBeLessThan(20_000);
    expect(events.filter((e) => e.type === "turn.reasked")).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: "turn.failed", error: { kind: "invalid_output" } });
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
    expect(
      await h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } }),
    ).toBe(0);
  });
});

describe("chat.stream with the scripted coach, and a second server process", () => {
  let scripted: Harness;
  let second: Harness | undefined;
  beforeAll(async () => {
    scripted = await startHarness({ coachModel: new ScriptedCoachModel({ paceMs: 15 }) });
  });
  afterAll(async () => {
    await scripted?.dispose();
  });

  it("streams the scripted coach word by word; the SDK's turnEvents ends with the result", async () => {
    const user = await scripted.newUser({ firstName: "Ada" });
    const events: TurnStreamEvent[] = [];
    for await (const event of turnEvents(user.client, { message: "Hello" })) events.push(event);
    const words = deltas(events);
    const last = events.at(-1);
    expect(last?.type).toBe("turn.completed");
    const content = last?.type === "turn.completed" ? last.result.coachMessage.content : "";
    expect(content).toContain("Hi Ada");
    expect(words.join("")).toBe(content);
    expect(words.length).toBeGreaterThan(10);
  });

  it("a client of another server process follows the turn: by key from its last id, by id from the start", async () => {
    // Another process on the same database: its own hub, which does not run this turn.
    second = await startHarness({ coachModel: new ScriptedCoachModel(), db: scripted.db });
    try {
      const user = await scripted.newUser();
      const elsewhere = second.client(user.token);
      const input = { message: "Hello", idempotencyKey: `moved-${user.userId}` };
      const first = await receive(user.client, input, (r) => r.length >= 3);
      const started = first[0]?.event;
      const turnId = started?.type === "turn.started" ? started.turnId : "";
      const lastId = first.at(-1)?.id ?? "0";
      const [byId, byKey] = await Promise.all([
        receive(elsewhere, { turnId }),
        // What tRPC's client sends when it reconnects, here to the other process.
        receive(elsewhere, { ...input, lastEventId: lastId }),
      ]);
      // The other process continues with the next event: every word once, in order.
      expect(byKey[0]?.id).toBe(String(Number(lastId) + 1));
      const resumed = [...first, ...byKey];
      expect(resumed.map((r) => r.id)).toEqual(resumed.map((_, index) => String(index + 1)));
      const last = resumed.at(-1)?.event;
      expect(last?.type).toBe("turn.completed");
      const content = last?.type === "turn.completed" ? last.result.coachMessage.content : "";
      expect(content).toContain("Hi ");
      expect(deltas(resumed.map((r) => r.event)).join("")).toBe(content);
      // By id, from the start: the same events with the same ids.
      expect(byId).toEqual(resumed);
      // One turn, run once: one coach message, one action.
      expect(await scripted.db.prisma.action.count({ where: { userId: user.userId } })).toBe(1);
      expect(
        await scripted.db.prisma.chatMessage.count({
          where: { userId: user.userId, role: "coach" },
        }),
      ).toBe(1);
    } finally {
      await second.dispose();
    }
  });
});

function waitForRecord(userId: string): Promise<{ id: string }> {
  return vi.waitFor(
    async () => {
      const found = await h.db.prisma.turnRecord.findFirst({
        where: { userId },
        select: { id: true },
      });
      if (!found) throw new Error("no turn record yet");
      return found;
    },
    { timeout: 60_000, interval: 20 },
  );
}

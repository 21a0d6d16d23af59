// The tool-calling turn mode as the server runs it (TRELLIS_TURN_MODE=tools): chat.send and
// chat.stream end to end over HTTP, through the real `openai` SDK streaming tool calls from
// the fake OpenAI-compatible server.
import { ScriptedNoteModel } from "@trellis/ai";
import { type FakeOpenAI, fakeReply, startFakeOpenAI } from "@trellis/ai/testing";
import { initialTurnView, reduceTurnView } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, waitFor } from "./support.ts";
import { deltas, receive } from "./turn-stream-client.ts";

const API_KEY = "sk-test-trellis";
let fake: FakeOpenAI;
let h: Harness;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: API_KEY });
  h = await startHarness({
    models: { openaiApiKey: API_KEY, baseURL: fake.url, model: "gpt-test", maxRetries: 0 },
    noteModel: new ScriptedNoteModel(),
    turnMode: "tools",
  });
});
afterAll(async () => {
  await h?.dispose();
  await fake?.close();
});

const replies = { replies: ["Yes", "Not yet"] };
const closing = "Hello Grace, shall we begin our work together today?";

describe("the tool-calling turn mode", () => {
  it("chat.send applies each tool call and returns the final message", async () => {
    const user = await h.newUser();
    fake.enqueue(fakeReply.toolCall("show_canned_replies", replies), fakeReply.text(closing));
    const turn = await user.client.chat.send.mutate({ message: "Hi" });
    expect(turn.coachMessage.content).toBe(closing);
    expect(turn.actions).toMatchObject([{ type: "show_canned_replies", status: "completed" }]);
    const sent = fake.request(fake.requests.length - 2).body;
    expect(sent.tools?.map((tool) => tool.function.name)).toContain("show_canned_replies");
  });

  it("chat.stream streams the text and applies each tool call as its arguments complete", async () => {
    const user = await h.newUser();
    fake.enqueue(
      fakeReply.toolCall("show_canned_replies", replies, {
        content: "One moment. ",
        stream: { chunkSize: 4 },
      }),
      fakeReply.text(closing, { stream: { chunkSize: 4 } }),
    );
    const events = (await receive(user.client, { message: "Hi" })).map((r) => r.event);
    const kinds = events.map((e) => e.type).filter((type) => type !== "message.delta");
    expect(kinds).toEqual(["turn.started", "action.started", "action.completed", "turn.completed"]);
    const started = events.findIndex((e) => e.type === "action.started");
    expect(deltas(events.slice(0, started)).join("")).toBe("One moment. ");
    expect(deltas(events.slice(started)).join("")).toBe(closing);
    const view = events.reduce(reduceTurnView, initialTurnView);
    expect(view).toMatchObject({ status: "completed", text: closing });
    expect(view.actions).toMatchObject([
      { actionType: "show_canned_replies", status: "completed" },
    ]);
  });

  it("a stream the model cuts short before any call fails clearly; nothing is applied", async () => {
    const user = await h.newUser();
    fake.enqueue(
      fakeReply.toolCall("show_canned_replies", replies, {
        stream: { chunkSize: 4, cutAfterChunks: 4 },
      }),
    );
    const events = (await receive(user.client, { message: "Hi" })).map((r) => r.event);
    expect(events.at(-1)).toMatchObject({ type: "turn.failed", error: { kind: "model_failed" } });
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
    expect(
      await h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } }),
    ).toBe(0);
  });

  it("chat.stop during the model call: turn.stopped, nothing applied", async () => {
    const user = await h.newUser();
    fake.enqueue(fakeReply.text(closing, { stream: { chunkSize: 4, stallAfterChunks: 3 } }));
    const sent = fake.requests.length;
    const stream = receive(user.client, { message: "Hi" });
    await waitFor(() => fake.requests.length > sent);
    const record = await h.db.prisma.turnRecord.findFirstOrThrow({
      where: { userId: user.userId },
    });
    expect(await user.client.chat.stop.mutate({ turnId: record.id })).toEqual({ stopped: true });
    expect((await stream).at(-1)?.event).toEqual({ type: "turn.stopped" });
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("reconnecting mid-turn resumes after the last id, without a second model call", async () => {
    const user = await h.newUser();
    fake.enqueue(
      fakeReply.toolCall("show_canned_replies", replies),
      fakeReply.text(closing, { stream: { chunkSize: 3, paceMs: 20 } }),
    );
    const before = fake.requests.length;
    const input = { message: "Hi", idempotencyKey: `tools-${user.userId}` };
    const first = await receive(
      user.client,
      input,
      (received) => deltas(received.map((r) => r.event)).length >= 2,
    );
    const rest = await receive(user.client, { ...input, lastEventId: first.at(-1)?.id ?? "0" });
    const all = [...first, ...rest].map((r) => r.event);
    expect(deltas(all).join("")).toBe(closing);
    expect(all.at(-1)?.type).toBe("turn.completed");
    expect(fake.requests.length - before).toBe(2);
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("hostile text (NUL, lone surrogate) is never streamed, never stored: a clear error", async () => {
    const user = await h.newUser();
    fake.enqueue(fakeReply.text("Hello\u0000 there \ud800 friend", { stream: { chunkSize: 3 } }));
    const events = (await receive(user.client, { message: "Hi" })).map((r) => r.event);
    const shown = deltas(events).join("");
    expect("Hello".startsWith(shown)).toBe(true);
    // Without an action to report instead, the reply is unusable: a clear error, nothing kept.
    expect(events.at(-1)).toMatchObject({ type: "turn.failed", error: { kind: "invalid_output" } });
    expect(
      await h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } }),
    ).toBe(0);
  });
});

// The usage and cost ledger end to end: model calls through the real `openai` SDK against the
// fake OpenAI server, recorded per turn with phase, prompt version, model and user; summed by
// admin.usage; budgets refuse a turn before the model is called.
import { PriceTable, ScriptedNoteModel } from "@trellis/ai";
import { type FakeOpenAI, fakeReply, startFakeOpenAI } from "@trellis/ai/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, type Harness, startHarness } from "./support.ts";

const API_KEY = "sk-test-trellis";
const MODEL = "gpt-4o-mini-2024-07-18";
const prices = new PriceTable({ "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 } });
const usage = {
  prompt_tokens: 1000,
  completion_tokens: 200,
  total_tokens: 1200,
  prompt_tokens_details: { cached_tokens: 400 },
};
const greeting = (name: string) =>
  fakeReply.json({ message: `Hello ${name}`, actions: [] }, { usage, model: MODEL });

describe("usage ledger", () => {
  let fake: FakeOpenAI;
  let h: Harness;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: API_KEY });
    h = await startHarness({
      models: { openaiApiKey: API_KEY, baseURL: fake.url, model: MODEL, maxRetries: 0 },
      usage: { prices },
    });
  });
  afterAll(async () => {
    await h.dispose();
    await fake.close();
  });

  it("records the coach's and the note taker's calls under the turn, priced per model", async () => {
    const user = await h.newUser();
    fake.enqueue(greeting("Ada"));
    fake.enqueue(
      fakeReply.json(
        { actions: [] },
        { usage: { prompt_tokens: 50, completion_tokens: 5, total_tokens: 55 }, model: MODEL },
      ),
    );
    const turn = await user.client.chat.send.mutate({ message: "Hi there" });
    await h.runtime.noteQueue.drain();
    const rows = await h.db.prisma.modelUsage.findMany({
      where: { userId: user.userId },
      orderBy: { createdAt: "asc" },
    });
    expect(rows).toMatchObject([
      {
        purpose: "coach",
        turnId: turn.userMessageId,
        phase: "introduction",
        promptVersion: turn.coachMessage.promptVersion,
        model: MODEL,
        promptTokens: 1000,
        cachedPromptTokens: 400,
        completionTokens: 200,
        totalTokens: 1200,
        calls: 1,
      },
      { purpose: "notes", turnId: turn.userMessageId, phase: null, totalTokens: 55 },
    ]);
    // 600 uncached and 400 cached prompt tokens, 200 completion tokens, per million.
    expect(rows[0]?.costUsd).toBeCloseTo((600 * 0.15 + 400 * 0.075 + 200 * 0.6) / 1e6, 12);
    expect(rows[0]?.day.toISOString().slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
  });

  it("admin.usage sums tokens and cost by the dimensions asked for; admins only", async () => {
    const admin = await h.newUser({ role: "admin" });
    const other = await h.newUser();
    fake.enqueue(greeting("Ada"));
    await other.client.chat.send.mutate({ message: "Hello" });
    const byUser = await admin.client.admin.usage.query({
      groupBy: ["userId", "phase", "model"],
      userId: other.userId,
    });
    expect(byUser).toEqual([
      {
        userId: other.userId,
        phase: "introduction",
        promptVersion: null,
        model: MODEL,
        day: null,
        calls: 1,
        promptTokens: 1000,
        cachedPromptTokens: 400,
        completionTokens: 200,
        totalTokens: 1200,
        costUsd: expect.closeTo((600 * 0.15 + 400 * 0.075 + 200 * 0.6) / 1e6, 12),
      },
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const total = await admin.client.admin.usage.query({ groupBy: [], from: today, to: today });
    expect(total).toHaveLength(1);
    expect(total[0]?.totalTokens).toBeGreaterThanOrEqual(1200 * 2 + 55);
    const none = await admin.client.admin.usage.query({ groupBy: ["day"], to: "2000-01-01" });
    expect(none).toEqual([]);
    expect(await errorCode(other.client.admin.usage.query({ groupBy: ["userId"] }))).toBe(
      "FORBIDDEN",
    );
  });
});

describe("budgets", () => {
  let fake: FakeOpenAI;
  let h: Harness;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: API_KEY });
    h = await startHarness({
      models: { openaiApiKey: API_KEY, baseURL: fake.url, model: MODEL, maxRetries: 0 },
      noteModel: new ScriptedNoteModel(),
      usage: { prices, budgets: { userDailyTokens: 1000 } },
    });
  });
  afterAll(async () => {
    await h.dispose();
    await fake.close();
  });

  it("refuses a user's turn once their daily tokens are used, before calling the model", async () => {
    const user = await h.newUser();
    fake.enqueue(greeting("Ada"));
    await user.client.chat.send.mutate({ message: "Hi" });
    const sent = fake.requests.length;
    const refused = user.client.chat.send.mutate({ message: "And again" });
    expect(await errorCode(refused)).toBe("TOO_MANY_REQUESTS");
    await refused.catch((error: unknown) => {
      expect(error).toMatchObject({ data: { reason: "budget_exceeded", httpStatus: 429 } });
      expect(String(error)).toContain("daily token budget");
    });
    expect(fake.requests.length).toBe(sent);
    // Nothing of the refused turn was applied: one coach message, from the first turn.
    expect(
      await h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } }),
    ).toBe(1);

    // Another user's budget is their own.
    const other = await h.newUser();
    fake.enqueue(greeting("Bo"));
    const turn = await other.client.chat.send.mutate({ message: "Hi" });
    expect(turn.coachMessage.content).toBe("Hello Bo");
  });
});

// Exactly-once turns over HTTP: the SDK's default idempotency key, concurrent retries under one
// key, a key reused for another message, and a keyless request abandoned by its client.
import { fakeReply } from "@trellis/ai/testing";
import { describe, expect, it } from "vitest";
import { errorCode, useFakeOpenAIHarness, waitFor } from "./support.ts";

const env = useFakeOpenAIHarness();

const hello = (message: string) => fakeReply.json({ message, actions: [] });

describe("chat.send, exactly once", () => {
  it("the SDK sends an idempotency key of its own when the caller gives none", async () => {
    const user = await env.h.newUser();
    env.fake.enqueue(hello("Hi"));
    await user.client.chat.send.mutate({ message: "Hello" });
    const records = await env.h.db.prisma.turnRecord.findMany({ where: { userId: user.userId } });
    expect(records).toHaveLength(1);
    expect(records[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("concurrent sends with one key run one turn and all get its result", async () => {
    const user = await env.h.newUser();
    env.fake.enqueue(fakeReply.delay(400, hello("Once")));
    const send = () => user.client.chat.send.mutate({ message: "Hello", idempotencyKey: "http-k" });
    const results = await Promise.all([send(), send(), send()]);
    expect(env.fake.requests).toHaveLength(1);
    expect(new Set(results.map((r) => r.coachMessage.id)).size).toBe(1);
    expect(results.filter((r) => r.replayed)).toHaveLength(2);
    expect(
      await env.h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } }),
    ).toBe(1);
  });

  it("the same key with another message is a 422 with reason idempotency_key_reused", async () => {
    const user = await env.h.newUser();
    env.fake.enqueue(hello("First"));
    await user.client.chat.send.mutate({ message: "One", idempotencyKey: "reused" });
    const second = user.client.chat.send.mutate({ message: "Two", idempotencyKey: "reused" });
    expect(await errorCode(second)).toBe("UNPROCESSABLE_CONTENT");
    await second.catch((error: unknown) => {
      expect(error).toMatchObject({ data: { reason: "idempotency_key_reused", httpStatus: 422 } });
    });
  });

  it("a keyless request abandoned while the model thinks is cancelled: nothing applied", async () => {
    const user = await env.h.newUser();
    await env.h.db.prisma.coachState.update({
      where: { userId: user.userId },
      data: { phase: "identity_brainstorming" },
    });
    const late = {
      message: "Too late",
      actions: [
        {
          type: "create_identity",
          params: { name: "Late", category: "physical_expression", note: null },
        },
      ],
    };
    env.fake.enqueue(fakeReply.delay(3_000, fakeReply.json(late)));
    const client = new AbortController();
    // A plain HTTP client (not the SDK, which always sends a key).
    const request = fetch(`${env.h.url}/trpc/chat.send`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify({ json: { message: "Bye" } }),
      signal: client.signal,
    });
    await waitFor(() => env.fake.requests.length === 1);
    client.abort();
    await expect(request).rejects.toThrow();
    await waitFor(async () => {
      const record = await env.h.db.prisma.turnRecord.findFirst({ where: { userId: user.userId } });
      return record?.stage === "interrupted";
    });
    expect(
      await env.h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } }),
    ).toBe(0);
    expect(await env.h.db.prisma.identity.count({ where: { userId: user.userId } })).toBe(0);
  });
});

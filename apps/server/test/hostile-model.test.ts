// A hostile or broken model endpoint, over the real `openai` SDK: message content that is not
// a string, text PostgreSQL cannot store, and a response body too large to read. Each is
// invalid output (asked again, then a clean 502) or a typed model failure: never a 500.
import { fakeReply } from "@trellis/ai/testing";
import { errorData } from "@trellis/sdk";
import { describe, expect, it } from "vitest";
import { useFakeOpenAIHarness } from "./support.ts";

const env = useFakeOpenAIHarness();

const valid = fakeReply.json({ message: "Hello again", actions: [] });

async function failure(promise: Promise<unknown>) {
  return errorData(
    await promise.then(
      () => null,
      (error: unknown) => error,
    ),
  );
}

describe("content that is not a string", () => {
  it("is invalid output: the model is asked again", async () => {
    const user = await env.h.newUser();
    env.fake.enqueue(fakeReply.contentOfAnyType(42), valid);
    const turn = await user.client.chat.send.mutate({ message: "Hi" });
    expect(turn.coachMessage.content).toBe("Hello again");
    expect(env.fake.requests).toHaveLength(2);
    // The model is told what was wrong with what it sent.
    expect(JSON.stringify(env.fake.request(1).body.messages)).toContain("42");
  });

  it("every attempt non-string: a 502 invalid_output, nothing applied", async () => {
    const user = await env.h.newUser();
    env.fake.enqueue(
      fakeReply.contentOfAnyType(true),
      fakeReply.contentOfAnyType({ foo: 1 }),
      fakeReply.contentOfAnyType(42),
    );
    expect(await failure(user.client.chat.send.mutate({ message: "Hi" }))).toMatchObject({
      code: "BAD_GATEWAY",
      httpStatus: 502,
      reason: "invalid_output",
    });
    expect(await env.h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
  });
});

describe("text PostgreSQL cannot store, from the model", () => {
  it.each([
    ["NUL in the message", { message: "Hi\u0000there", actions: [] }],
    [
      "a lone surrogate in action params",
      {
        message: "Noted",
        actions: [{ type: "show_canned_replies", params: { replies: ["Yes\uD800"] } }],
      },
    ],
  ])("%s is invalid output, asked again (with an idempotency key too)", async (_, reply) => {
    const user = await env.h.newUser();
    env.fake.enqueue(fakeReply.json(reply), valid);
    const turn = await user.client.chat.send.mutate({ message: "Hi", idempotencyKey: "k1" });
    expect(turn.coachMessage.content).toBe("Hello again");
    expect(env.fake.requests).toHaveLength(2);
    const again = await user.client.chat.send.mutate({ message: "Hi", idempotencyKey: "k1" });
    expect(again.coachMessage.id).toBe(turn.coachMessage.id);
    const messages = await env.h.db.prisma.chatMessage.findMany({ where: { userId: user.userId } });
    expect(messages.map((m) => m.role).sort()).toEqual(["coach", "user"]);
  });
});

describe("a response body too large to read", () => {
  it("is a 502 model_failed; the body is not read whole", async () => {
    const user = await env.h.newUser();
    // Larger than the provider's default 4 MiB limit.
    env.fake.enqueue(fakeReply.text("x".repeat(5 * 1024 * 1024)));
    expect(await failure(user.client.chat.send.mutate({ message: "Hi" }))).toMatchObject({
      code: "BAD_GATEWAY",
      reason: "model_failed",
    });
    expect(env.fake.requests).toHaveLength(1);
  });
});

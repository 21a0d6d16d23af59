// The coach turn over the real `openai` SDK against an OpenAI-compatible server on 127.0.0.1:
// what is sent (the phase's strict schema or tools, the prompt) and how each reply is handled.
import { responseJsonSchema, toolDefinitions } from "@trellis/actions";
import { describe, expect, it } from "vitest";
import { ProviderCoachModel } from "../src/model/openai-coach-model.ts";
import { fakeReply } from "../src/testing/index.ts";
import { useFakeOpenAI } from "./support.ts";

const fake = useFakeOpenAI();
const provider = () => fake.provider();

describe("structured outputs", () => {
  it("sends the phase's strict response schema and prompt, and applies the reply", async () => {
    const userId = await fake.h.newUser("Lin");
    await fake.h.db.prisma.coachState.update({
      where: { userId },
      data: { phase: "identity_brainstorming" },
    });
    fake.server.enqueue(
      fakeReply.json({
        message: "A runner, then!",
        actions: [
          {
            type: "create_identity",
            params: { name: "Runner", category: "physical_expression", note: null },
          },
          { type: "select_identity_focus", params: { category: "familial_relations" } },
        ],
      }),
    );
    const result = await fake.h
      .turn(new ProviderCoachModel(provider()))
      .send({ userId, message: "I run every day" });

    const [request] = fake.server.requests;
    expect(request?.headers.authorization).toBe("Bearer test-key");
    expect(request?.body.model).toBe("gpt-test");
    const format = request?.body.response_format;
    expect(format).toMatchObject({ type: "json_schema", json_schema: { strict: true } });
    expect(JSON.stringify(format)).toBe(
      JSON.stringify({
        type: "json_schema",
        json_schema: {
          name: "coach_response_identity_brainstorming",
          schema: responseJsonSchema("identity_brainstorming"),
          strict: true,
        },
      }),
    );
    const messages = request?.body.messages ?? [];
    expect(messages[0]?.role).toBe("system");
    expect(String(messages[0]?.content)).toContain("Lin");
    expect(String(messages[0]?.content)).toContain("create_identity");
    expect(messages.at(-1)).toMatchObject({ role: "user", content: "I run every day" });

    expect(result.actions.map((a) => [a.type, a.status])).toEqual([
      ["create_identity", "completed"],
      ["select_identity_focus", "completed"],
    ]);
    const identity = await fake.h.db.prisma.identity.findFirstOrThrow({ where: { userId } });
    expect(identity).toMatchObject({ name: "Runner", notes: [] });
  });

  it("asks again after doubled JSON with an invalid item, over the wire", async () => {
    const userId = await fake.h.newUser();
    const bad = JSON.stringify({
      message: "Hi",
      actions: [{ type: "show_canned_replies", params: { replies: "Go" } }],
    });
    fake.server.enqueue(fakeReply.text(bad + bad), fakeReply.json({ message: "Hi!", actions: [] }));
    const result = await fake.h
      .turn(new ProviderCoachModel(provider()))
      .send({ userId, message: "Hello" });
    expect(result.attempts).toBe(2);
    expect(fake.server.requests).toHaveLength(2);
    const feedback = String(fake.server.requests[1]?.body.messages.at(-1)?.content);
    expect(feedback).toContain("replies");
  });

  it("retries transient failures and then fails clearly, applying nothing", async () => {
    const userId = await fake.h.newUser();
    fake.server.enqueue(fakeReply.rateLimited(), fakeReply.json({ message: "Back", actions: [] }));
    const ok = await fake.h
      .turn(new ProviderCoachModel(provider()))
      .send({ userId, message: "Hello" });
    expect(ok.coachMessage.content).toBe("Back");
    expect(fake.server.requests).toHaveLength(2);

    fake.server.enqueue(fakeReply.error(500), fakeReply.error(500), fakeReply.error(500));
    await expect(
      fake.h.turn(new ProviderCoachModel(provider())).send({ userId, message: "Again" }),
    ).rejects.toMatchObject({
      kind: "model_failed",
    });
    expect(await fake.h.db.prisma.action.count({ where: { userId } })).toBe(0);
  });
});

describe("tool calling", () => {
  it("executes each call through the engine and sends its summary back, strict tools and no parallel calls", async () => {
    const userId = await fake.h.userIn("get_to_know_you");
    fake.server.enqueue(
      fakeReply.toolCall("mark_question_asked", { question: "hobbies_interests" }),
      fakeReply.toolCall("create_identity", {
        name: "Runner",
        category: "physical_expression",
        note: null,
      }),
      fakeReply.text("What do you enjoy doing in your free time?"),
    );
    const result = await fake.toolTurn(5).send({
      userId,
      message: "Hi",
    });
    const first = fake.server.requests[0]?.body;
    expect(first?.parallel_tool_calls).toBe(false);
    expect(JSON.stringify(first?.tools)).toBe(JSON.stringify(toolDefinitions("get_to_know_you")));
    const toolMessages = (fake.server.requests[2]?.body.messages ?? []).filter(
      (m) => m.role === "tool",
    );
    expect(toolMessages.map((m) => String(m.content))).toEqual([
      "Marked question 'hobbies_interests' as asked",
      "Error: ActionNotAllowedError - create_identity is not allowed in phase get_to_know_you",
    ]);
    expect(result.coachMessage.content).toBe("What do you enjoy doing in your free time?");
    expect(result.actions.map((a) => a.status)).toEqual(["completed", "failed"]);
    const rows = await fake.h.db.prisma.action.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.type, r.status, r.chatMessageId])).toEqual([
      ["mark_question_asked", "completed", result.coachMessage.id],
      ["create_identity", "failed", result.coachMessage.id],
    ]);
  });
});

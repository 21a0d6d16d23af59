// chat.send through the real `openai` SDK against the fake OpenAI-compatible server: the
// OpenAI path end to end (request with the phase's strict schema, reply parsed and applied).
import { ScriptedNoteModel } from "@trellis/ai";
import { type FakeOpenAI, fakeReply, startFakeOpenAI } from "@trellis/ai/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, type Harness, startHarness } from "./support.ts";

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
  await h.dispose();
  await fake.close();
});

describe("chat.send with the OpenAI provider", () => {
  it("sends the phase's strict response schema and applies the model's actions", async () => {
    expect(h.runtime.coachModelName).not.toBe("scripted");
    const user = await h.newUser({ firstName: "Grace" });
    fake.enqueue(
      fakeReply.json({
        message: "Hello Grace, shall we begin?",
        actions: [{ type: "show_canned_replies", params: { replies: ["Yes", "Not yet"] } }],
      }),
    );
    const turn = await user.client.chat.send.mutate({ message: "Hi there" });
    expect(turn.coachMessage.content).toBe("Hello Grace, shall we begin?");
    expect(turn.actions).toMatchObject([{ type: "show_canned_replies", status: "completed" }]);
    expect(turn.coachMessage.component).toEqual({ quickReplies: ["Yes", "Not yet"] });

    const sent = fake.request(0);
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body.model).toBe("gpt-test");
    expect(sent.body.response_format?.json_schema?.name).toBe("coach_response_introduction");
    expect(JSON.stringify(sent.body.messages)).toContain("Hi there");
  });

  it("a failing model is a BAD_GATEWAY with reason model_failed, no provider detail", async () => {
    const user = await h.newUser();
    fake.enqueue(fakeReply.error(500, { message: "upstream exploded at 10.0.0.7" }));
    const failure = user.client.chat.send.mutate({ message: "Hi" });
    expect(await errorCode(failure)).toBe("BAD_GATEWAY");
    await failure.catch((error: unknown) => {
      expect(String(error)).not.toContain("10.0.0.7");
      expect(error).toMatchObject({ data: { reason: "model_failed" } });
    });
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
  });
});

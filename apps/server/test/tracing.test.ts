// OpenTelemetry: one trace per request, from the HTTP span through the tRPC procedure, the
// coach turn, each model call (GenAI attributes) and re-ask, parsing and each action through
// the pipeline to its database statements and event publishing; the note taker's job is its
// own trace, linked to the request that queued it. The audit row and the coach message store
// the trace and span ids; log lines carry them. Spans are collected in memory from a real
// turn through the real `openai` SDK against the fake OpenAI server.
import { ScriptedNoteModel } from "@trellis/ai";
import { type FakeOpenAI, fakeReply, startFakeOpenAI } from "@trellis/ai/testing";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { startTelemetry, type Telemetry } from "../src/telemetry.ts";
import { type Harness, startHarness } from "./support.ts";

const API_KEY = "sk-test-trellis";
const usage = { prompt_tokens: 300, completion_tokens: 40, total_tokens: 340 };

let exporter: InMemorySpanExporter;
let telemetry: Telemetry;
let fake: FakeOpenAI;
let h: Harness;
const lines: string[] = [];

beforeAll(async () => {
  exporter = new InMemorySpanExporter();
  telemetry = startTelemetry({ exporter, simple: true, env: {} });
  fake = await startFakeOpenAI({ apiKey: API_KEY });
  h = await startHarness({
    models: { openaiApiKey: API_KEY, baseURL: fake.url, model: "gpt-test", maxRetries: 0 },
    noteModel: new ScriptedNoteModel(),
    logger: createLogger({ write: (line) => lines.push(line) }),
  });
});
afterAll(async () => {
  await h.dispose();
  await fake.close();
  await telemetry.shutdown();
});

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;

function only(spans: ReadableSpan[], name: string, parent?: ReadableSpan): ReadableSpan {
  const found = spans.filter(
    (span) => span.name === name && (parent === undefined || parentOf(span) === idOf(parent)),
  );
  if (found.length !== 1) {
    throw new Error(
      `expected one span ${name}, found ${found.length}: ${spans.map((s) => s.name)}`,
    );
  }
  return found[0] as ReadableSpan;
}

describe("tracing a coach turn", () => {
  it("records the span tree from the request to the committed action, ids on the rows", async () => {
    expect(telemetry.enabled).toBe(true);
    const user = await h.newUser({ firstName: "Grace" });
    // An invalid first reply: the model is asked again, and the second reply carries an action.
    fake.enqueue(fakeReply.text("not json at all", { usage }));
    fake.enqueue(
      fakeReply.json(
        {
          message: "Hello Grace",
          actions: [{ type: "show_canned_replies", params: { replies: ["Yes", "No"] } }],
        },
        { usage },
      ),
    );
    exporter.reset();
    const turn = await user.client.chat.send.mutate({
      message: "I have two kids and I work a lot.",
    });
    expect(turn.attempts).toBe(2);
    await h.runtime.noteQueue.drain();
    await telemetry.flush();
    const spans = exporter.getFinishedSpans();

    const http = only(spans, "POST /trpc/chat.send");
    expect(parentOf(http)).toBeUndefined();
    expect(http.attributes).toMatchObject({ "http.response.status_code": 200 });
    const inTrace = spans.filter((span) => traceOf(span) === traceOf(http));

    const procedure = only(inTrace, "trpc chat.send", http);
    const coachTurn = only(inTrace, "coach.turn", procedure);
    expect(coachTurn.attributes).toMatchObject({
      "trellis.user.id": user.userId,
      "trellis.turn.id": turn.userMessageId,
      "trellis.phase": "introduction",
    });

    const models = inTrace.filter(
      (s) => s.name === "coach.model" && parentOf(s) === idOf(coachTurn),
    );
    expect(
      models.map((s) => [s.attributes["trellis.attempt"], s.attributes["trellis.reask"]]),
    ).toEqual([
      [0, false],
      [1, true],
    ]);
    for (const model of models) {
      const call = only(inTrace, "chat gpt-test", model);
      expect(call.attributes).toMatchObject({
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-test",
        "gen_ai.response.model": "gpt-test",
        "gen_ai.usage.input_tokens": 300,
        "gen_ai.usage.output_tokens": 40,
        "gen_ai.response.finish_reasons": ["stop"],
      });
    }
    const parses = inTrace.filter(
      (s) => s.name === "coach.parse" && parentOf(s) === idOf(coachTurn),
    );
    expect(parses.map((s) => s.attributes["trellis.attempt"])).toEqual([0, 1]);

    const action = only(inTrace, "action.execute", coachTurn);
    expect(action.attributes).toMatchObject({
      "trellis.action.type": "show_canned_replies",
      "trellis.action.invoker": "coach",
      "trellis.action.status": "completed",
      "trellis.action.id": turn.actions[0]?.actionId,
    });
    only(inTrace, "events.publish", action);
    // Database statements through Prisma's instrumentation, the action's among them.
    const underAction = (span: ReadableSpan): boolean => {
      const parent = inTrace.find((s) => idOf(s) === parentOf(span));
      return parent !== undefined && (parent === action || underAction(parent));
    };
    const queries = inTrace.filter((s) => s.name.startsWith("prisma:"));
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.some(underAction)).toBe(true);

    // The audit row and the coach message name their spans.
    const row = await h.db.prisma.action.findFirstOrThrow({
      where: { userId: user.userId, invoker: "coach" },
    });
    expect([row.traceId, row.spanId]).toEqual([traceOf(http), idOf(action)]);
    const coach = await h.db.prisma.chatMessage.findUniqueOrThrow({
      where: { id: turn.coachMessage.id },
    });
    expect([coach.traceId, coach.spanId]).toEqual([traceOf(http), idOf(coachTurn)]);

    // The note taker's job: a trace of its own, linked to the request that queued it.
    const job = only(spans, "notes.job");
    expect(traceOf(job)).not.toBe(traceOf(http));
    expect(parentOf(job)).toBeUndefined();
    expect(job.links.map((link) => link.context.traceId)).toEqual([traceOf(http)]);
    expect(job.attributes).toMatchObject({ "trellis.turn.id": turn.userMessageId });
    const noteActions = spans.filter(
      (s) => s.name === "action.execute" && traceOf(s) === traceOf(job),
    );
    expect(noteActions.length).toBeGreaterThan(0);
    const note = await h.db.prisma.action.findFirstOrThrow({
      where: { userId: user.userId, invoker: "system" },
    });
    expect(note.traceId).toBe(traceOf(job));

    // Log lines carry the trace: the request's line names it.
    const requestLine = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.msg === "request" && entry.path === "/trpc/chat.send");
    expect(requestLine).toMatchObject({ traceId: traceOf(http), spanId: idOf(http) });
  });

  it("a failed model call marks its span with the error kind", async () => {
    const user = await h.newUser();
    fake.enqueue(fakeReply.error(400, { message: "bad request" }));
    exporter.reset();
    await user.client.chat.send.mutate({ message: "Hi" }).catch(() => {});
    await telemetry.flush();
    const call = only(exporter.getFinishedSpans(), "chat gpt-test");
    expect(call.attributes["error.type"]).toBe("bad_request");
    expect(call.status.code).toBe(2);
  });
});

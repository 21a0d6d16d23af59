// Hostile input from a client: text PostgreSQL cannot store (NUL, unpaired surrogates), keys
// that superjson refuses to send back, values out of the database's range, unsupported HTTP
// methods. Each is a clear 4xx or an audited failed outcome: never a 500, and nothing stored
// that makes a later read fail.
import { request } from "node:http";
import { errorData } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "./support.ts";

let h: Harness;
let user: TestUser;
let admin: TestUser;
beforeAll(async () => {
  h = await startHarness();
  user = await h.newUser();
  admin = await h.newUser({ role: "admin" });
});
afterAll(() => h.dispose());

const NUL = "a\u0000b";
const LONE_HIGH = "a\uD800b";
const LONE_LOW = "\uDC00";

/** A procedure call as raw HTTP (superjson's `{ json }` envelope), for exact statuses. */
async function post(path: string, input: unknown, token = user.token) {
  const response = await fetch(`${h.url}/trpc/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
  return { status: response.status, text: await response.text() };
}

async function get(path: string, input: unknown, token = user.token) {
  const query = encodeURIComponent(JSON.stringify({ json: input }));
  const response = await fetch(`${h.url}/trpc/${path}?input=${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  // An accepted subscription is an endless event stream: only its status matters here.
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    await response.body?.cancel();
    return { status: response.status, text: "" };
  }
  return { status: response.status, text: await response.text() };
}

/** A request with any method (fetch refuses TRACE), answered with its status and headers. */
function rawRequest(method: string, path: string) {
  return new Promise<{ status: number; allow: string | undefined }>((resolve, reject) => {
    const req = request(`${h.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${user.token}` },
    });
    req.on("response", (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, allow: response.headers.allow });
    });
    req.on("error", reject);
    req.end();
  });
}

/** The flattened zod field errors of a 400 body. */
function fieldErrors(text: string): Record<string, string[]> {
  const body: {
    error: { json: { data: { inputIssues?: { fieldErrors: Record<string, string[]> } } } };
  } = JSON.parse(text);
  return body.error.json.data.inputIssues?.fieldErrors ?? {};
}

describe("text PostgreSQL cannot store", () => {
  it.each([
    ["NUL", NUL],
    ["a lone high surrogate", LONE_HIGH],
    ["a lone low surrogate", LONE_LOW],
  ])("%s in a user's text input is a 400 naming the field", async (_, bad) => {
    const cases = [
      { path: "chat.send", input: { message: bad }, field: "message" },
      { path: "chat.send", input: { message: "Hi", idempotencyKey: bad }, field: "idempotencyKey" },
      { path: "actions.execute", input: { type: bad, params: {} }, field: "type" },
    ];
    for (const { path, input, field } of cases) {
      const response = await post(path, input);
      expect(response.status, `${path} ${field}`).toBe(400);
      expect(Object.keys(fieldErrors(response.text))).toEqual([field]);
    }
    const log = await get("actions.log", { type: bad });
    expect(log.status).toBe(400);
    expect(Object.keys(fieldErrors(log.text))).toEqual(["type"]);
    const prompt = await post(
      "admin.prompts.create",
      { phase: "introduction", body: `Hello ${bad}`, requiredContextKeys: [] },
      admin.token,
    );
    expect(prompt.status).toBe(400);
    expect(Object.keys(fieldErrors(prompt.text))).toEqual(["body"]);
    const token = await post("admin.tokens.issue", { userId: user.userId, name: bad }, admin.token);
    expect(token.status).toBe(400);
    // Nothing was stored on the way.
    expect(await h.db.prisma.chatMessage.count({ where: { userId: user.userId } })).toBe(0);
  });

  it.each([
    ["NUL", NUL],
    ["a lone surrogate", LONE_HIGH],
  ])(
    "%s inside action params is an audited validation failure with the field's path",
    async (_, bad) => {
      for (const idempotencyKey of [undefined, `key-${bad.length}-${Math.random()}`]) {
        const outcome = await user.client.actions.execute.mutate({
          type: "create_identity",
          params: { name: `I like ${bad}`, category: "spiritual" },
          ...(idempotencyKey ? { idempotencyKey } : {}),
        });
        expect(outcome).toMatchObject({
          status: "failed",
          error: { kind: "validation", fieldErrors: [{ path: "name" }] },
        });
        if (outcome.status !== "failed") return;
        expect(outcome.actionId).not.toBeNull();
        expect(outcome.error.cause).toBeUndefined();
        const row = await h.db.prisma.action.findUniqueOrThrow({
          where: { id: outcome.actionId ?? "" },
        });
        expect(row.status).toBe("failed");
        // The raw params are kept for debugging, with the unstorable characters replaced.
        expect(row.params).toEqual({ name: "I like a\uFFFDb", category: "spiritual" });
        const events = await h.db.prisma.actionEvent.findMany({ where: { actionId: row.id } });
        expect(events.map((e) => e.kind)).toEqual(["started", "failed"]);
      }
      // A key with NUL in it is named too, and audited.
      const keyed = await user.client.actions.execute.mutate({
        type: "update_who_you_are",
        // @ts-expect-error: not a key of these params; the server must reject it too.
        params: { items: ["x"], [NUL]: 1 },
      });
      expect(keyed.status).toBe("failed");
      expect(keyed.actionId).not.toBeNull();
    },
  );
});

describe("keys superjson refuses (constructor, prototype, __proto__)", () => {
  it("params with them are a failed outcome; the log and the event stream stay readable", async () => {
    const victim = await h.newUser();
    for (const key of ["constructor", "prototype", "__proto__"]) {
      const response = await post(
        "actions.execute",
        JSON.parse(`{"type":"transition_phase","params":{"${key}":1,"nested":{"${key}":{"a":1}}}}`),
        victim.token,
      );
      expect(response.status).toBe(200);
      expect(JSON.parse(response.text).result.data.json.status).toBe("failed");
    }
    const log = await victim.client.actions.log.query({});
    expect(log.items).toHaveLength(3);
    const events = await h.runtime.engine.eventsSince(victim.userId, 0n);
    expect(events).toHaveLength(6);
  });

  it("rows stored before the rule was enforced are read without the refused keys", async () => {
    const victim = await h.newUser();
    const hostile = { constructor: 1, prototype: { a: 1 }, kept: { constructor: "x", ok: true } };
    const outcome = await victim.client.actions.execute.mutate({
      type: "update_who_you_are",
      params: { items: ["a reader"] },
    });
    // As an older version stored them: straight into the JSON columns.
    await h.db.prisma.action.update({
      where: { id: outcome.actionId ?? "" },
      data: { params: hostile, result: hostile, error: hostile },
    });
    await h.db.prisma.actionEvent.updateMany({
      where: { actionId: outcome.actionId ?? "" },
      data: { payload: { actionType: "update_who_you_are", summary: null, data: hostile } },
    });
    const log = await victim.client.actions.log.query({});
    expect(log.items[0]?.params).toEqual({ kept: { ok: true } });
    expect(log.items[0]?.result).toEqual({ kept: { ok: true } });

    const received: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      const subscription = victim.client.events.subscribe.subscribe(
        { lastEventId: "0" },
        {
          onData: ({ data }) => {
            received.push(data.data);
            if (received.length === 2) {
              subscription.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    expect(received).toEqual([{ kept: { ok: true } }, { kept: { ok: true } }]);
  });
});

describe("values out of the database's range", () => {
  it("a date outside years 1 to 9999 in actions.log is a 400 naming the field", async () => {
    for (const from of [new Date(-8.64e15), new Date("+275760-09-13T00:00:00.000Z")]) {
      const failure = await user.client.actions.log.query({ from }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(errorData(failure)).toMatchObject({
        httpStatus: 400,
        inputIssues: { fieldErrors: { from: [expect.any(String)] } },
      });
    }
  });

  it("a promptVersion over PostgreSQL's integer range is a 400 naming the field", async () => {
    const response = await post(
      "chat.send",
      { message: "Hi", promptVersion: 2_147_483_648 },
      admin.token,
    );
    expect(response.status).toBe(400);
    expect(Object.keys(fieldErrors(response.text))).toEqual(["promptVersion"]);
    const activate = await post(
      "admin.prompts.activate",
      { phase: "introduction", version: 2_147_483_648 },
      admin.token,
    );
    expect(activate.status).toBe(400);
  });

  it("an event id over PostgreSQL's bigint range is a 400 naming the field", async () => {
    // tRPC answers every subscription with an event stream (status 200); a failure is its
    // `serialized-error` event, whose error carries the status.
    const query = encodeURIComponent(
      JSON.stringify({ json: { lastEventId: "9999999999999999999" } }),
    );
    const response = await fetch(`${h.url}/trpc/events.subscribe?input=${query}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    const text = await response.text();
    const frame = /event: serialized-error\ndata: (.*)\n/.exec(text);
    const error: { json: { data: unknown } } = JSON.parse(frame?.[1] ?? "null");
    expect(error.json.data).toMatchObject({
      code: "BAD_REQUEST",
      httpStatus: 400,
      inputIssues: { fieldErrors: { lastEventId: [expect.any(String)] } },
    });
    // The largest bigint is still a valid id.
    const ok = await get("events.subscribe", { lastEventId: "9223372036854775807" });
    expect(ok.status).not.toBe(400);
  });
});

describe("HTTP methods", () => {
  it.each(["TRACE", "PUT", "DELETE", "PATCH"])("%s is a 405 on every route", async (method) => {
    for (const [path, allow] of [
      ["/trpc/state.get", "GET, POST"],
      ["/trpc/chat.send", "GET, POST"],
      ["/health", "GET, HEAD"],
    ]) {
      expect(await rawRequest(method, path ?? ""), `${method} ${path}`).toEqual({
        status: 405,
        allow,
      });
    }
  });
});

// The OpenAPI document and the plain-JSON routes it describes: served at /openapi.json (the
// checked-in docs/openapi.json, valid OpenAPI 3.1), every user action with its params schema,
// and the routes answering any HTTP client in plain JSON with tRPC's checks and errors.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { actionTypes, canInvoke, paramsJsonSchema } from "@trellis/actions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, seedPending, startHarness, type TestUser } from "./support.ts";

const repo = path.resolve(import.meta.dirname, "../../..");
let h: Harness;
let alice: TestUser;
let mallory: TestUser;

beforeAll(async () => {
  h = await startHarness();
  alice = await h.newUser({ firstName: "Alice" });
  mallory = await h.newUser({ firstName: "Mallory" });
});
afterAll(() => h.dispose());

async function api(
  method: "GET" | "POST",
  route: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) {
  const token = options.token === undefined ? alice.token : options.token;
  const response = await fetch(`${h.url}${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

describe("the OpenAPI document", () => {
  it("is served at /openapi.json, is the checked-in docs/openapi.json, and is valid OpenAPI 3.1", async () => {
    const response = await fetch(`${h.url}/openapi.json`);
    expect(response.status).toBe(200);
    const served = await response.json();
    const checkedIn = JSON.parse(readFileSync(path.join(repo, "docs/openapi.json"), "utf8"));
    expect(served).toEqual(checkedIn);
    const result = await new Validator().validate(served);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(served.openapi).toMatch(/^3\.1\./);
  });

  it("has every user-invokable action with its params schema, and no admin procedure", async () => {
    const doc = await (await fetch(`${h.url}/openapi.json`)).json();
    const execute = doc.paths["/api/actions/execute"].post;
    const variants: Array<{ properties: { type: { const: string }; params: unknown } }> =
      execute.requestBody.content["application/json"].schema.oneOf;
    const userActions = actionTypes.filter((type) => canInvoke(type, "user"));
    expect(variants.map((v) => v.properties.type.const)).toEqual(userActions);
    for (const variant of variants) {
      const type = variant.properties.type.const;
      expect(variant.properties.params).toEqual(
        paramsJsonSchema(actionTypes.find((t) => t === type) ?? "create_identity"),
      );
    }
    expect(Object.keys(doc.paths).some((p) => p.startsWith("/api/admin"))).toBe(false);
    // Bearer auth, the idempotency key header, errors and streams are documented.
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(execute.parameters).toContainEqual(
      expect.objectContaining({ name: "Idempotency-Key", in: "header" }),
    );
    expect(execute.responses.default.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/ApiError",
    });
    const events = doc.paths["/api/events/subscribe"].get.responses["200"].content;
    expect(events["text/event-stream"]["x-itemSchema"]).toEqual({
      $ref: "#/components/schemas/ActionEventMessage",
    });
    expect(
      doc.paths["/api/chat/stream"].post.responses["200"].content["text/event-stream"],
    ).toBeDefined();
    expect(doc.paths["/api/health"].get.security).toEqual([]);
  });
});

describe("the plain-JSON routes", () => {
  it("answer plain JSON: no superjson envelope, dates as ISO strings", async () => {
    const state = await api("GET", "/api/state/get");
    expect(state.status).toBe(200);
    expect(state.body.user).toMatchObject({ id: alice.userId, firstName: "Alice" });
    expect(state.body.user.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(state.text).not.toContain('"json"');
    const health = await api("GET", "/api/health", { token: null });
    expect(health.body).toMatchObject({ status: "ok" });
  });

  it("run actions, approve pending ones once, and page the log, like tRPC", async () => {
    await h.db.prisma.coachState.update({
      where: { userId: alice.userId },
      data: { phase: "identity_warm_up" },
    });
    const executed = await api("POST", "/api/actions/execute", {
      body: { type: "update_who_you_are", params: { items: ["a nurse", "curious"] } },
      headers: { "idempotency-key": "who-1" },
    });
    expect(executed.body).toMatchObject({
      status: "completed",
      result: { items: ["a nurse", "curious"] },
    });
    const replayed = await api("POST", "/api/actions/execute", {
      body: { type: "update_who_you_are", params: { items: ["something else"] } },
      headers: { "idempotency-key": "who-1" },
    });
    expect(replayed.body).toMatchObject({ replayed: true, actionId: executed.body.actionId });

    const invalid = await api("POST", "/api/actions/execute", {
      body: { type: "update_who_you_are", params: { items: "not a list" } },
    });
    expect(invalid.status).toBe(200);
    expect(invalid.body).toMatchObject({ status: "failed", error: { kind: "validation" } });

    const { pendingActionId, identityId } = await seedPending(h, alice.userId);
    const approved = await api("POST", "/api/pending/approve", { body: { pendingActionId } });
    expect(approved.body).toMatchObject({ status: "completed" });
    const again = await api("POST", "/api/pending/approve", { body: { pendingActionId } });
    expect(again.body).toMatchObject({ status: "failed", error: { kind: "not_found" } });
    const identity = await h.db.prisma.identity.findUniqueOrThrow({ where: { id: identityId } });
    expect(identity.iAmStatement).toBe("I am a runner who runs at dawn.");

    const first = await api("GET", "/api/actions/log?limit=1");
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toBe(first.body.items[0].id);
    const second = await api("GET", `/api/actions/log?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    const since = new Date(Date.now() - 60_000).toISOString();
    const filtered = await api("GET", `/api/actions/log?status=completed&from=${since}&limit=100`);
    expect(filtered.body.items.length).toBeGreaterThan(0);
    expect(
      filtered.body.items.every((item: { status: string }) => item.status === "completed"),
    ).toBe(true);
  });

  it("fail with tRPC's error shape and status, and keep users apart", async () => {
    const anonymous = await api("GET", "/api/state/get", { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ data: { code: "UNAUTHORIZED", httpStatus: 401 } });
    const badInput = await api("GET", "/api/actions/log?limit=0");
    expect(badInput.status).toBe(400);
    expect(badInput.body).toMatchObject({
      message: expect.stringMatching(/^Invalid input at limit/),
      data: {
        code: "BAD_REQUEST",
        reason: "invalid_input",
        inputIssues: { fieldErrors: { limit: expect.any(Array) } },
      },
    });
    const badJson = await fetch(`${h.url}/api/chat/send`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ data: { reason: "invalid_json" } });
    const wrongMethod = await api("GET", "/api/actions/execute");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect((await api("GET", "/api/admin/usage")).status).toBe(404);

    const aliceAction = (await api("GET", "/api/actions/log?limit=1")).body.items[0].id;
    const theirs = await api("GET", `/api/actions/log?cursor=${aliceAction}`, {
      token: mallory.token,
    });
    expect(theirs.status).toBe(404);
    expect(theirs.body.message).toBe(`No action with id ${aliceAction}`);
  });

  it("stream events as text/event-stream with plain JSON data and resumable ids", async () => {
    const response = await fetch(`${h.url}/api/events/subscribe?lastEventId=0`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body?.getReader();
    let text = "";
    while (reader && !/\n\n/.test(text)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    await reader?.cancel();
    const [frame] = text.split("\n\n");
    const id = /^id: (\d+)$/m.exec(frame ?? "")?.[1];
    const data = JSON.parse(/^data: (.*)$/m.exec(frame ?? "")?.[1] ?? "null");
    expect(data).toMatchObject({ id, userId: alice.userId, kind: expect.any(String) });
    expect(data.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

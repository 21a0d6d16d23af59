// The MCP server at /mcp, driven by the SDK's own client over Streamable HTTP: the tools are
// the catalog's user actions and a few reads, calls act as the token's user with the same
// checks as tRPC, and an action that needs the user's confirmation is never applied by a tool
// call alone.
import { type IncomingHttpHeaders, request as httpRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { actionTypes, canInvoke, catalog, paramsJsonSchema, toolHints } from "@trellis/actions";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "./support.ts";

let h: Harness;
let alice: TestUser;
let mallory: TestUser;
const open: Client[] = [];

type Answer = (request: ElicitRequest, requestId: string | number) => ElicitResult;

/** An MCP client session as `token`'s user; with `answer`, it supports elicitation. */
async function connect(token: string, answer?: Answer, url = h.url): Promise<Client> {
  const client = new Client(
    { name: "trellis-test", version: "1.0.0" },
    { capabilities: answer ? { elicitation: { form: {} } } : {} },
  );
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, (request, extra) =>
      answer(request, extra.requestId),
    );
  }
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  open.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result: CallToolResult = CallToolResultSchema.parse(
    await client.callTool({ name, arguments: args }),
  );
  const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
  return { ...result, text };
}

/** A user in the "I am" phase with one identity, as the coach would have left them. */
async function withIdentity(user: TestUser): Promise<string> {
  await h.db.prisma.coachState.update({
    where: { userId: user.userId },
    data: { phase: "identity_brainstorming" },
  });
  const created = await h.runtime.engine.execute({
    userId: user.userId,
    type: "create_identity",
    params: { name: `Runner ${Math.random()}`, category: "physical_expression" },
    invoker: "coach",
  });
  if (created.status !== "completed") throw new Error(created.summary);
  await h.db.prisma.coachState.update({
    where: { userId: user.userId },
    data: { phase: "i_am_statement" },
  });
  const identity = await h.db.prisma.identity.findFirstOrThrow({
    where: { userId: user.userId },
    orderBy: { createdAt: "desc" },
  });
  return identity.id;
}

async function statementOf(identityId: string): Promise<string | null> {
  const row = await h.db.prisma.identity.findUniqueOrThrow({ where: { id: identityId } });
  return row.iAmStatement;
}

beforeAll(async () => {
  h = await startHarness();
  alice = await h.newUser({ firstName: "Alice" });
  mallory = await h.newUser({ firstName: "Mallory" });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});
afterAll(() => h.dispose());

/** One HTTP request on a connection of its own (a raw MCP message, outside the SDK's client). */
function rawRequest(
  method: "POST" | "DELETE",
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${h.url}/mcp`,
      { method, agent: false, headers: { ...headers, "content-type": "application/json" } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe("MCP tools", () => {
  it("are every action a user may invoke, from its definition, plus the reads and the coach", async () => {
    const client = await connect(alice.token);
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    const userActions = actionTypes.filter((type) => canInvoke(type, "user"));
    expect(userActions.length).toBeGreaterThan(10);
    for (const type of userActions) {
      const tool = byName.get(type);
      expect(tool?.title, type).toBe(catalog[type].title);
      expect(tool?.description).toContain(catalog[type].description);
      expect(tool?.inputSchema).toEqual(paramsJsonSchema(type));
      expect(tool?.outputSchema?.type).toBe("object");
      expect(tool?.annotations).toEqual({ title: catalog[type].title, ...toolHints(type) });
    }
    // Coach-only and system actions are not the user's to call.
    expect(byName.has("mark_question_asked")).toBe(false);
    expect(byName.has("add_user_note")).toBe(false);
    expect(
      [...byName.keys()].filter((name) => !userActions.some((t) => t === name)).sort(),
    ).toEqual(["get_action_log", "get_history", "get_state", "send_message"]);
    // Hints: derived (no action is read-only) or declared on the definition.
    expect(byName.get("create_identity")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(byName.get("combine_identities")?.annotations).toMatchObject({
      destructiveHint: true,
      idempotentHint: false,
    });
    expect(byName.get("get_state")?.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.get("suggest_i_am_statement")?.description).toContain("confirmation");
  });

  it("negotiate the current protocol revision and the 2025 ones clients still use", async () => {
    for (const version of ["2025-11-25", "2025-06-18", "2025-03-26"]) {
      const response = await rawRequest(
        "POST",
        { authorization: `Bearer ${alice.token}`, accept: "application/json, text/event-stream" },
        {
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: version,
            capabilities: {},
            clientInfo: { name: "raw", version: "1" },
          },
        },
      );
      expect(response.status).toBe(200);
      expect(response.text).toContain(`"protocolVersion":"${version}"`);
      const session = String(response.headers["mcp-session-id"] ?? "");
      expect(session).not.toBe("");
      const closed = await rawRequest("DELETE", {
        authorization: `Bearer ${alice.token}`,
        "mcp-session-id": session,
        "mcp-protocol-version": version,
      });
      expect(closed.status).toBe(200);
    }
  });

  it("run a plain action as the user, and read the state, the log and the history", async () => {
    const client = await connect(alice.token);
    await h.db.prisma.coachState.update({
      where: { userId: alice.userId },
      data: { phase: "identity_brainstorming" },
    });
    const created = await call(client, "create_identity", {
      name: "Gardener",
      category: "physical_expression",
    });
    expect(created.isError).toBeFalsy();
    expect(created.structuredContent).toMatchObject({
      status: "completed",
      type: "create_identity",
    });
    const state = await call(client, "get_state");
    const identities = (state.structuredContent?.identities ?? []) as Array<{ name: string }>;
    expect(identities.map((identity) => identity.name)).toContain("Gardener");
    // Dates are ISO strings in structured content (plain JSON).
    expect(state.structuredContent).toMatchObject({
      user: { createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
    const log = await call(client, "get_action_log", { limit: 1 });
    expect(log.structuredContent).toMatchObject({
      items: [{ type: "create_identity", status: "completed", invoker: "user" }],
    });
    const sent = await call(client, "send_message", { message: "Hello coach" });
    expect(sent.isError).toBeFalsy();
    expect(sent.structuredContent).toMatchObject({ coachMessage: { content: expect.any(String) } });
    const history = await call(client, "get_history", { limit: 2 });
    expect(history.structuredContent).toMatchObject({
      items: [{ role: "coach" }, { role: "user", content: "Hello coach" }],
    });
  });

  it("answer failures as tool errors with the domain's messages", async () => {
    const client = await connect(alice.token);
    await h.db.prisma.coachState.update({
      where: { userId: alice.userId },
      data: { phase: "identity_visualization" },
    });
    const invalid = await call(client, "create_identity", { category: "physical_expression" });
    expect(invalid.isError).toBe(true);
    expect(invalid.text).toContain("Invalid params");
    expect(invalid.text).toMatch(/^name: /m);
    const missing = await call(client, "set_current_identity", {
      identityId: "01a20000-0000-7000-8000-000000000000",
    });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain("No identity with id 01a20000-0000-7000-8000-000000000000");
    const badCursor = await call(client, "get_history", { cursor: "no-such-message" });
    expect(badCursor.isError).toBe(true);
    expect(badCursor.text).toBe("No message with id no-such-message");
    const badInput = await call(client, "get_history", { limit: 0 });
    expect(badInput.isError).toBe(true);
    expect(badInput.text).toMatch(/^Invalid input at limit/);
  });
});

describe("confirmations through MCP", () => {
  it("a client that cannot ask gets 'pending: confirm in Trellis'; approving is the user's, once", async () => {
    const identityId = await withIdentity(alice);
    const client = await connect(alice.token);
    const proposed = await call(client, "suggest_i_am_statement", {
      identityId,
      statement: "I am a runner who runs at dawn.",
    });
    expect(proposed.isError).toBeFalsy();
    expect(proposed.text).toMatch(/^pending: confirm in Trellis\./);
    const pendingActionId = String(proposed.structuredContent?.pendingActionId);
    expect(proposed.text).toContain(pendingActionId);
    expect(await statementOf(identityId)).toBeNull();

    // The user approves in Trellis (the app: tRPC), exactly as proposed.
    const approved = await alice.client.pending.approve.mutate({ pendingActionId });
    expect(approved.status).toBe("completed");
    expect(await statementOf(identityId)).toBe("I am a runner who runs at dawn.");
    // A replayed approval is refused and applies nothing.
    const replayed = await alice.client.pending.approve.mutate({ pendingActionId });
    expect(replayed).toMatchObject({ status: "failed", error: { kind: "not_found" } });
  });

  it("a client that can ask shows the proposed params; a yes applies exactly them, once", async () => {
    const identityId = await withIdentity(alice);
    const asked: Array<{ message: string; id: string | number }> = [];
    const client = await connect(alice.token, (request, id) => {
      asked.push({ message: request.params.message, id });
      return { action: "accept", content: { approve: true } };
    });
    const done = await call(client, "suggest_i_am_statement", {
      identityId,
      statement: "I am a gardener of small things.",
    });
    expect(done.isError).toBeFalsy();
    expect(done.structuredContent).toMatchObject({ status: "completed" });
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toContain('statement: "I am a gardener of small things."');
    expect(await statementOf(identityId)).toBe("I am a gardener of small things.");

    // The same answer sent again (a replay on the wire) reaches no waiting question.
    const session = (client.transport as StreamableHTTPClientTransport).sessionId ?? "";
    const replay = await rawRequest(
      "POST",
      {
        authorization: `Bearer ${alice.token}`,
        accept: "application/json, text/event-stream",
        "mcp-session-id": session,
        "mcp-protocol-version": "2025-11-25",
      },
      {
        jsonrpc: "2.0",
        id: asked[0]?.id,
        result: { action: "accept", content: { approve: true } },
      },
    );
    expect(replay.status).toBe(202);
    const approvals = await h.db.prisma.action.count({
      where: { userId: alice.userId, type: "suggest_i_am_statement", status: "completed" },
    });
    expect(approvals).toBe(2);
  });

  it("edited values sent back are refused, and only the user's approval in Trellis applies them", async () => {
    const identityId = await withIdentity(alice);
    const client = await connect(alice.token, () => ({
      action: "accept",
      content: { approve: true, statement: "I am whatever the agent wants." },
    }));
    const refused = await call(client, "suggest_i_am_statement", {
      identityId,
      statement: "I am patient with my children.",
    });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("edits are not taken from an agent's client");
    expect(await statementOf(identityId)).toBeNull();
    const [pending] = await alice.client.pending.list.query();
    expect(pending?.params).toMatchObject({ statement: "I am patient with my children." });

    const edited = await alice.client.pending.approve.mutate({
      pendingActionId: pending?.id ?? "",
      type: "suggest_i_am_statement",
      params: { statement: "I am patient with my children, most days." },
    });
    expect(edited.status).toBe("completed");
    expect(await statementOf(identityId)).toBe("I am patient with my children, most days.");
  });

  it("a no rejects the proposal; a param only the user may set waits for them too", async () => {
    const identityId = await withIdentity(alice);
    const declining = await connect(alice.token, () => ({ action: "decline" }));
    const declined = await call(declining, "suggest_i_am_statement", {
      identityId,
      statement: "I am declined.",
    });
    expect(declined.text).toContain("The user rejected it");
    expect(await alice.client.pending.list.query()).toEqual([]);

    // update_identity may set the statement for the user, never for the coach or an agent.
    await h.db.prisma.coachState.update({
      where: { userId: alice.userId },
      data: { phase: "identity_refinement" },
    });
    const client = await connect(alice.token);
    const sneaky = await call(client, "update_identity", {
      identityId,
      iAmStatement: "I am set without asking.",
    });
    expect(sneaky.text).toMatch(/^pending: confirm in Trellis\./);
    expect(await statementOf(identityId)).toBeNull();
  });
});

describe("isolation through MCP", () => {
  it("another user's ids behave as missing ones, and sessions belong to their user", async () => {
    const aliceIdentity = await withIdentity(alice);
    const client = await connect(mallory.token);
    await h.db.prisma.coachState.update({
      where: { userId: mallory.userId },
      data: { phase: "identity_visualization" },
    });
    const theirs = await call(client, "set_current_identity", { identityId: aliceIdentity });
    const missing = await call(client, "set_current_identity", {
      identityId: "01a20000-0000-7000-8000-000000000000",
    });
    expect(theirs.isError).toBe(true);
    expect(theirs.text.replace(aliceIdentity, "<id>")).toBe(
      missing.text.replace("01a20000-0000-7000-8000-000000000000", "<id>"),
    );
    const aliceAction = await h.db.prisma.action.findFirstOrThrow({
      where: { userId: alice.userId },
    });
    const log = await call(client, "get_action_log", { cursor: aliceAction.id });
    expect(log.isError).toBe(true);
    expect(log.text).toBe(`No action with id ${aliceAction.id}`);
    const state = await call(client, "get_state");
    expect(state.structuredContent).toMatchObject({ user: { id: mallory.userId }, identities: [] });

    // Alice's session with Mallory's token is not found; without a token nothing answers.
    const aliceClient = await connect(alice.token);
    const session = (aliceClient.transport as StreamableHTTPClientTransport).sessionId ?? "";
    const request = (token: string | null) =>
      rawRequest(
        "POST",
        {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          accept: "application/json, text/event-stream",
          "mcp-session-id": session,
          "mcp-protocol-version": "2025-11-25",
        },
        { jsonrpc: "2.0", id: 9, method: "tools/list" },
      );
    expect((await request(mallory.token)).status).toBe(404);
    const anonymous = await request(null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toContain("Bearer");
    expect((await request(alice.token)).status).toBe(200);
    // A page of another origin (DNS rebinding) is refused even with a token.
    const rebound = await rawRequest(
      "POST",
      { authorization: `Bearer ${alice.token}`, origin: "http://evil.example" },
      { jsonrpc: "2.0", id: 10, method: "tools/list" },
    );
    expect(rebound.status).toBe(403);
  });
});

describe("limits through MCP", () => {
  it("a tool call counts against the user's rate limit like a tRPC call", async () => {
    const limited = await startHarness({ limits: { userCallsPerWindow: 2 } });
    try {
      const user = await limited.newUser();
      const client = await connect(user.token, undefined, limited.url);
      expect((await call(client, "get_state")).isError).toBeFalsy();
      await user.client.account.me.query();
      const over = await call(client, "get_state");
      expect(over.isError).toBe(true);
      expect(over.text).toMatch(/retry in \d+ s$/);
    } finally {
      await Promise.all(open.splice(0).map((client) => client.close()));
      await limited.dispose();
    }
  });
});

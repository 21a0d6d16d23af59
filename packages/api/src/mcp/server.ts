// One MCP server (the SDK's low-level `Server`: the tools' JSON Schemas are the catalog's own,
// not zod shapes) per session. Every tool call runs a procedure through tRPC's call path with a
// context made from the HTTP request that carried it (its bearer token: the same user, checks,
// rate limits and caps as tRPC), marked as an agent's, so confirmations wait for the user.
import {
  type CallToolResult,
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { catalog, isActionType } from "@trellis/actions";
import type { ActionOutcome, PendingOutcome } from "@trellis/contract";
import type { Context, ContextInput } from "../context.ts";
import type { Caller } from "../tokens.ts";
import { callPlain, type PlainProcedure, plainProcedures } from "../plain/procedures.ts";
import { API_VERSION } from "../version.ts";
import { approvalRequest, pendingText, readAnswer } from "./confirm.ts";
import { type McpTool, mcpTools } from "./tools.ts";

export interface McpServerOptions {
  createContext: (input: ContextInput) => Context;
  /** How long the user has to answer a confirmation asked through the client (default 10 min). */
  confirmTimeoutMs?: number;
  /** Failures no tool result states in full (internal errors), for the server's log. */
  onError?: (error: unknown, tool: string) => void;
}

const INSTRUCTIONS =
  "Trellis coaches its user towards the identities they want. The tools act as the user " +
  "whose token this session uses. Actions that need the user's confirmation are proposed, not " +
  "applied: the user approves them (here when asked, or in Trellis).";

/** The HTTP request a tool call came in: its headers, and the caller checked for it. */
interface RequestOf {
  headers: ContextInput["req"]["headers"];
  caller: Caller | undefined;
}

function isRole(value: unknown): value is Caller["role"] {
  return value === "user" || value === "admin";
}

/** The caller the HTTP handler checked (`authInfo.extra.caller`), if it is one. */
function callerOf(extra: { authInfo?: { extra?: Record<string, unknown> } }): Caller | undefined {
  const caller = extra.authInfo?.extra?.caller;
  if (typeof caller !== "object" || caller === null) return undefined;
  const userId: unknown = Reflect.get(caller, "userId");
  const tokenId: unknown = Reflect.get(caller, "tokenId");
  const role: unknown = Reflect.get(caller, "role");
  return typeof userId === "string" && typeof tokenId === "string" && isRole(role)
    ? { userId, tokenId, role }
    : undefined;
}

function text(value: string, isError = false): CallToolResult {
  return { content: [{ type: "text", text: value }], ...(isError ? { isError: true } : {}) };
}

/** A value as JSON (dates as ISO strings): what structured content carries. */
function plain(value: unknown): Record<string, unknown> {
  const parsed: unknown = JSON.parse(JSON.stringify(value ?? {}));
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? Object.fromEntries(Object.entries(parsed))
    : { value: parsed };
}

function procedureAt(path: string): PlainProcedure {
  const found = plainProcedures().find((procedure) => procedure.path === path);
  if (!found) throw new Error(`No procedure ${path}`);
  return found;
}

function isOutcome(value: unknown): value is ActionOutcome {
  return typeof value === "object" && value !== null && "status" in value && "type" in value;
}

export function createMcpServer(options: McpServerOptions): Server {
  const server = new Server(
    { name: "trellis", title: "Trellis", version: String(API_VERSION) },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 10 * 60_000;

  async function call(path: string, input: unknown, request: RequestOf, signal: AbortSignal) {
    return callPlain({
      createContext: options.createContext,
      procedure: procedureAt(path),
      headers: request.headers,
      input,
      agent: true,
      ...(request.caller ? { caller: request.caller } : {}),
      signal,
    });
  }

  function outcomeResult(outcome: ActionOutcome, message?: string): CallToolResult {
    if (outcome.status === "failed") {
      const fields = outcome.error.fieldErrors?.map((f) => `${f.path}: ${f.message}`) ?? [];
      return {
        ...text([outcome.error.message, ...fields].join("\n"), true),
        structuredContent: plain(outcome),
      };
    }
    return { ...text(message ?? outcome.summary), structuredContent: plain(outcome) };
  }

  /** Asks the user (elicitation) about a pending action and acts on a clear yes or no. */
  async function confirm(
    pending: PendingOutcome,
    request: RequestOf,
    requestId: string | number,
    signal: AbortSignal,
  ): Promise<CallToolResult> {
    const title = isActionType(pending.type) ? catalog[pending.type].title : pending.type;
    if (!server.getClientCapabilities()?.elicitation?.form) {
      return outcomeResult(pending, pendingText(pending, "This client cannot ask the user."));
    }
    let answer: ReturnType<typeof readAnswer>;
    try {
      answer = readAnswer(
        await server.elicitInput(approvalRequest(pending, title), {
          relatedRequestId: requestId,
          timeout: confirmTimeoutMs,
          signal,
        }),
      );
    } catch {
      // No answer (timeout, disconnect, an answer that is not of the form asked): still pending.
      return outcomeResult(pending, pendingText(pending, "The user did not answer here."));
    }
    if (answer === "undecided") {
      return outcomeResult(pending, pendingText(pending, "The user left the question open."));
    }
    if (answer === "edited") {
      return text(
        pendingText(
          pending,
          "The answer changed the proposed values, and edits are not taken from an agent's client: to apply other values, the user edits the proposal in Trellis.",
        ),
        true,
      );
    }
    const path = answer === "approve" ? "pending.approve" : "pending.reject";
    const decided = await call(path, { pendingActionId: pending.pendingActionId }, request, signal);
    if (!decided.ok) return text(decided.shape.message, true);
    if (!isOutcome(decided.data)) return text("Unexpected answer from the server", true);
    return outcomeResult(
      decided.data,
      answer === "reject" ? `The user rejected it: ${decided.data.summary}` : undefined,
    );
  }

  async function run(
    tool: McpTool,
    args: Record<string, unknown>,
    request: RequestOf,
    requestId: string | number,
    signal: AbortSignal,
  ): Promise<CallToolResult> {
    if (tool.target.kind === "procedure") {
      const result = await call(tool.target.procedure.path, args, request, signal);
      if (!result.ok) {
        if (result.status >= 500) options.onError?.(result.error.cause ?? result.error, tool.name);
        return text(result.shape.message, true);
      }
      const data = plain(result.data);
      return { content: [{ type: "text", text: JSON.stringify(data) }], structuredContent: data };
    }
    const executed = await call(
      "actions.execute",
      { type: tool.target.type, params: args },
      request,
      signal,
    );
    if (!executed.ok) {
      if (executed.status >= 500)
        options.onError?.(executed.error.cause ?? executed.error, tool.name);
      return text(executed.shape.message, true);
    }
    if (!isOutcome(executed.data)) return text("Unexpected answer from the server", true);
    const outcome = executed.data;
    if (outcome.status !== "pending_confirmation" || outcome.replayed)
      return outcomeResult(outcome);
    return confirm(outcome, request, requestId, signal);
  }

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [...mcpTools().values()].map(({ target: _target, ...tool }) => tool),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = mcpTools().get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${request.params.name}`);
    const from: RequestOf = { headers: extra.requestInfo?.headers ?? {}, caller: callerOf(extra) };
    return run(tool, request.params.arguments ?? {}, from, extra.requestId, extra.signal);
  });

  return server;
}

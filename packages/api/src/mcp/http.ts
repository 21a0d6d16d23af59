// `/mcp`: MCP's Streamable HTTP transport (the SDK's), one session per initialize. Every HTTP
// request is authenticated with its bearer token before the SDK sees it, and a session belongs
// to the user who opened it: another user's token gets the answer an unknown session gets. A
// session is kept in this process (an elicitation's answer must reach the request waiting for
// it), closed after `idleMs` without requests, and a user holds at most `maxSessionsPerUser`.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { Context } from "../context.ts";
import type { Caller } from "../tokens.ts";
import { createMcpServer, type McpServerOptions } from "./server.ts";

export const MCP_PATH = "/mcp";

export interface McpHandlerOptions extends McpServerOptions {
  /** A session without requests for this long is closed (default 30 min). */
  idleMs?: number;
  /** Open sessions per user in this process (default 10); one more is refused with 429. */
  maxSessionsPerUser?: number;
  /** Closes every session (the server's shutdown). */
  shutdown?: AbortSignal;
  /** Browser origins allowed besides the server's own (the server's CORS list; `*`: any). */
  allowedOrigins?: readonly string[];
}

interface Session {
  transport: StreamableHTTPServerTransport;
  userId: string;
  lastSeen: number;
}

function jsonRpcError(res: ServerResponse, status: number, message: string, headers = {}): void {
  const body = JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null });
  res.writeHead(status, { ...headers, "content-type": "application/json" });
  res.end(body);
}

/** The request with its checked caller as the SDK's `authInfo`: tool calls reuse it. */
function withCaller(req: IncomingMessage, caller: Caller): IncomingMessage & { auth: AuthInfo } {
  return Object.assign(req, {
    auth: { token: "", clientId: caller.userId, scopes: [], extra: { caller } },
  });
}

/**
 * MCP's rule against DNS rebinding: a browser's request (it names its Origin) comes from the
 * server's own origin or an allowed one.
 */
function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || allowed.includes("*") || allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function sessionIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers["mcp-session-id"];
  return Array.isArray(value) ? value[0] : value;
}

export function createMcpHandler(options: McpHandlerOptions) {
  const sessions = new Map<string, Session>();
  const idleMs = options.idleMs ?? 30 * 60_000;
  const maxSessions = options.maxSessionsPerUser ?? 10;

  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - idleMs;
      for (const session of sessions.values()) {
        if (session.lastSeen < cutoff) void session.transport.close();
      }
    },
    Math.min(idleMs, 60_000),
  );
  sweep.unref();
  const closeAll = async () => {
    clearInterval(sweep);
    await Promise.all([...sessions.values()].map((session) => session.transport.close()));
  };
  options.shutdown?.addEventListener("abort", () => void closeAll(), { once: true });

  const contextOf = (req: IncomingMessage): Context =>
    options.createContext({
      req: { headers: req.headers },
      info: { connectionParams: null, type: "mutation", calls: [] },
      agent: true,
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!originAllowed(req, options.allowedOrigins ?? [])) {
      jsonRpcError(res, 403, "This origin may not call the MCP server");
      return;
    }
    const caller = await contextOf(req).caller();
    if (!caller) {
      jsonRpcError(res, 401, "A valid API token is required: Authorization: Bearer <token>", {
        "www-authenticate": 'Bearer realm="trellis"',
      });
      return;
    }
    const sessionId = sessionIdOf(req);
    if (sessionId !== undefined) {
      const session = sessions.get(sessionId);
      // Another user's session is answered like one that does not exist.
      if (!session || session.userId !== caller.userId) {
        jsonRpcError(res, 404, "Session not found: initialize a new one");
        return;
      }
      session.lastSeen = Date.now();
      await session.transport.handleRequest(withCaller(req, caller), res);
      return;
    }
    if (req.method !== "POST") {
      // No stream outside a request: everything this server sends answers a tool call.
      jsonRpcError(res, 405, "Only POST opens a session", { allow: "POST" });
      return;
    }
    const open = [...sessions.values()].filter((s) => s.userId === caller.userId).length;
    if (open >= maxSessions) {
      jsonRpcError(res, 429, `At most ${maxSessions} MCP sessions per user: close one first`, {
        "retry-after": "60",
      });
      return;
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, userId: caller.userId, lastSeen: Date.now() });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    const server = createMcpServer(options);
    await server.connect(transport);
    await transport.handleRequest(withCaller(req, caller), res);
    // Not an initialize (the transport refused it): nothing to keep.
    if (transport.sessionId === undefined) await server.close();
  }

  return {
    handle,
    /** Open sessions (for tests and metrics). */
    get sessions(): number {
      return sessions.size;
    },
    close: closeAll,
  };
}

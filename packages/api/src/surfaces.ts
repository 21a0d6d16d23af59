// The API beyond tRPC, from the same router and context: the plain-JSON routes (`/api/...`),
// their OpenAPI document (`/openapi.json`) and the MCP server (`/mcp`). The HTTP server hands
// these paths here after its per-address rate limit, with the context factory its tRPC handler
// uses, so every surface authenticates, isolates, limits and caps the same way.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context, ContextInput } from "./context.ts";
import { createMcpHandler, MCP_PATH } from "./mcp/http.ts";
import { openApiDocument } from "./openapi/document.ts";
import { createRestHandler, isRestPath } from "./openapi/rest-handler.ts";

const OPENAPI_PATH = "/openapi.json";

export interface SurfacesOptions {
  createContext: (input: ContextInput) => Context;
  /** Ends MCP sessions and open streams when the server shuts down. */
  shutdown: AbortSignal;
  maxBodyBytes?: number;
  /** Internal failures (their detail is never sent), for the server's log. */
  onError?: (error: unknown, where: string) => void;
  /** MCP: how long a confirmation asked through the client waits for the user. */
  confirmTimeoutMs?: number;
  /** Browser origins allowed besides the server's own (the server's CORS list). */
  allowedOrigins?: readonly string[];
}

export function createSurfaces(options: SurfacesOptions) {
  const rest = createRestHandler({
    createContext: options.createContext,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const mcp = createMcpHandler({
    createContext: options.createContext,
    shutdown: options.shutdown,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.confirmTimeoutMs ? { confirmTimeoutMs: options.confirmTimeoutMs } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  let documentText: string | undefined;

  return {
    /** Whether the path is one of these surfaces'. */
    handles(path: string): boolean {
      return path === MCP_PATH || path === OPENAPI_PATH || isRestPath(path);
    },
    async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
      if (path === MCP_PATH) return mcp.handle(req, res);
      if (path === OPENAPI_PATH) {
        if (req.method !== "GET" && req.method !== "HEAD") {
          res.writeHead(405, { allow: "GET, HEAD" }).end();
          return;
        }
        documentText ??= JSON.stringify(openApiDocument());
        res.writeHead(200, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(documentText),
        });
        res.end(req.method === "HEAD" ? undefined : documentText);
        return;
      }
      return rest(req, res);
    },
    /** Open MCP sessions in this process. */
    get mcpSessions(): number {
      return mcp.sessions;
    },
  };
}

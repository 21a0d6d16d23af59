import type { IncomingMessage, ServerResponse } from "node:http";

const CORS_HEADERS =
  "authorization, content-type, trpc-accept, last-event-id, idempotency-key, mcp-session-id, mcp-protocol-version";

/**
 * Sets CORS headers for an allowed Origin; answers a preflight (OPTIONS) itself and returns
 * true then. Bearer tokens, not cookies, carry identity, so credentials are never allowed.
 */
export function cors(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: readonly string[],
): boolean {
  const origin = req.headers.origin;
  const ok = origin !== undefined && (allowed.includes("*") || allowed.includes(origin));
  if (ok) {
    res.setHeader("access-control-allow-origin", allowed.includes("*") ? "*" : origin);
    res.setHeader("vary", "origin");
  }
  if (req.method !== "OPTIONS") return false;
  if (ok) {
    res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    res.setHeader("access-control-allow-headers", CORS_HEADERS);
    res.setHeader("access-control-max-age", "600");
  }
  res.writeHead(ok ? 204 : 403);
  res.end();
  return true;
}

// Small answers and reads every route shares.
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Answers 405 with `Allow` unless the request's method is one of `allowed`. */
export function refuseMethod(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: string[],
): boolean {
  if (req.method !== undefined && allowed.includes(req.method)) return false;
  sendJson(res, 405, { error: "Method not allowed" }, { allow: allowed.join(", ") });
  return true;
}

/**
 * The path without the query string (SSE requests carry the token in their query) or a
 * fragment (browsers never send one; a raw `GET /#token=…` does).
 */
export function pathOf(req: IncomingMessage): string {
  return (req.url ?? "/").split(/[?#]/)[0] ?? "/";
}

/** A caller's `x-request-id` is kept when it is short and plain; otherwise a new one is made. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time). */
export function hasBearer(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  const given = Buffer.from(match?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

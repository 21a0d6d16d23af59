// Narrowing stored and outgoing values to the wire contract's `Json`: the server stores params,
// results and event data through it, and reads them back for clients through it.
import type { Json } from "../json.ts";

/**
 * Keys that superjson refuses to serialize (a prototype-pollution guard): one of them anywhere
 * in a response fails the whole response. `__proto__` would also set the prototype of `out`.
 */
const UNSAFE_JSON_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Narrows a value to `Json`: what is stored (params, results, event data) and what is read
 * back for a client both pass through here, so keys that no client could receive are dropped
 * on the way in and on the way out (rows stored before this rule included).
 */
export function toJson(value: unknown): Json {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(value)) {
      if (v !== undefined && !UNSAFE_JSON_KEYS.has(key)) out[key] = toJson(v);
    }
    return out;
  }
  return null;
}

// The lifecycle event as it travels: persisted first (ActionEvent table, full data), then
// published in this wire form, whose `data` is truncated by UTF-8 bytes.
import {
  type ActionEventKind,
  type ActionEventMessage,
  actionEventKinds,
  type Json,
} from "@trellis/contract";
import { truncateJson } from "./truncate.ts";

/** Default wire budget for `data`: well under PostgreSQL's 8000-byte NOTIFY limit. */
export const DEFAULT_WIRE_DATA_BYTES = 4096;

export interface StoredEvent {
  id: bigint;
  userId: string;
  actionId: string;
  kind: string;
  payload: unknown;
  createdAt: Date;
}

/** The `payload` column's shape: what the pipeline writes for every event. */
export interface StoredEventPayload {
  actionType: string;
  summary: string | null;
  data: Json;
}

export function toWireEvent(
  stored: StoredEvent,
  maxDataBytes = DEFAULT_WIRE_DATA_BYTES,
): ActionEventMessage {
  const payload = readPayload(stored.payload);
  const data = truncateJson(payload.data, maxDataBytes);
  return {
    id: stored.id.toString(),
    userId: stored.userId,
    actionId: stored.actionId,
    actionType: payload.actionType,
    kind: readKind(stored.kind),
    summary: payload.summary,
    data: data.value,
    truncated: data.truncated,
    createdAt: stored.createdAt.toISOString(),
  };
}

function readKind(kind: string): ActionEventKind {
  const found = actionEventKinds.find((k) => k === kind);
  if (!found) throw new Error(`unknown action event kind in database: ${kind}`);
  return found;
}

function readPayload(payload: unknown): StoredEventPayload {
  if (typeof payload !== "object" || payload === null) {
    return { actionType: "unknown", summary: null, data: null };
  }
  const actionType = "actionType" in payload ? payload.actionType : undefined;
  const summary = "summary" in payload ? payload.summary : undefined;
  const data = "data" in payload ? toJson(payload.data) : null;
  return {
    actionType: typeof actionType === "string" ? actionType : "unknown",
    summary: typeof summary === "string" ? summary : null,
    data,
  };
}

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

// A lifecycle event row (`ActionEvent`): its columns as a raw read returns them, and the wire
// form it is published and replayed in (`data` truncated by UTF-8 bytes; the row keeps it all).
import {
  type ActionEventKind,
  type ActionEventMessage,
  actionEventKinds,
  type Json,
} from "@trellis/contract";
import { toJson } from "@trellis/contract/schemas";
import type { ActionEvent } from "@trellis/db";
import { z } from "zod";
import { truncateJson } from "../events/truncate.ts";
import { rowSchemaOf } from "./columns.ts";

/** Default wire budget for `data`: well under PostgreSQL's 8000-byte NOTIFY limit. */
export const DEFAULT_WIRE_DATA_BYTES = 4096;

/** An event row as a raw read returns it (`RETURNING`), every column checked. */
export const actionEventColumns = rowSchemaOf<ActionEvent>()(
  z.object({
    id: z.bigint(),
    userId: z.string(),
    actionId: z.string(),
    kind: z.string(),
    payload: z.unknown(),
    createdAt: z.date(),
  }),
);

export type StoredEvent = z.output<typeof actionEventColumns>;

/** The `payload` column's shape: what the pipeline writes for every event. */
export interface StoredEventPayload {
  actionType: string;
  summary: string | null;
  data: Json;
}

/** A payload read back: what is missing or of another type reads as unknown / none. */
const storedEventPayload: z.ZodType<StoredEventPayload, unknown> = z
  .object({
    actionType: z.string().catch("unknown"),
    summary: z.string().nullable().catch(null),
    data: z.unknown().transform(toJson),
  })
  .catch({ actionType: "unknown", summary: null, data: null });

export function toWireEvent(
  stored: StoredEvent,
  maxDataBytes = DEFAULT_WIRE_DATA_BYTES,
): ActionEventMessage {
  const payload = storedEventPayload.parse(stored.payload);
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

/** Kinds are written by the pipeline only: another one means a newer writer, not to guess. */
function readKind(kind: string): ActionEventKind {
  const found = actionEventKinds.find((k) => k === kind);
  if (!found) throw new Error(`unknown action event kind in database: ${kind}`);
  return found;
}

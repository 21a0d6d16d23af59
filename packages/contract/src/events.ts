// An action's lifecycle event as `events.subscribe` delivers it.
import type { Json } from "./json.ts";

export const actionEventKinds = [
  "started",
  "completed",
  "failed",
  "pending_confirmation",
  "rejected",
] as const;

export type ActionEventKind = (typeof actionEventKinds)[number];

export interface ActionEventMessage {
  /** The database event id (a bigint, as a decimal string): monotonic per user, used to resume. */
  id: string;
  userId: string;
  actionId: string;
  actionType: string;
  kind: ActionEventKind;
  /** Natural-language summary (result summary or one-line error). */
  summary: string | null;
  /** Result, error details or params, depending on the kind; possibly truncated. */
  data: Json;
  truncated: boolean;
  createdAt: string;
}

// Events across server processes through PostgreSQL LISTEN/NOTIFY: every process LISTENs on
// one channel with a dedicated connection and dispatches what arrives to its local
// subscribers, its own events included, so there is one delivery path.
import type pg from "pg";
import { type EventBus, type EventListener, ListenerRegistry } from "./bus.ts";
import type { ActionEventMessage } from "./event.ts";
import { TRUNCATION_MARKER, utf8ByteLength } from "./truncate.ts";

export const EVENTS_CHANNEL = "trellis_action_events";
/** PostgreSQL rejects NOTIFY payloads of 8000 bytes or more. */
const MAX_NOTIFY_BYTES = 7900;

export interface PostgresEventBusOptions {
  /** Runs `pg_notify`; any pooled connection will do. */
  pool: pg.Pool;
  /** A dedicated connection for LISTEN (not from the pool: it stays checked out). */
  listener: pg.Client;
  onError?: (error: Error) => void;
}

export class PostgresEventBus implements EventBus {
  readonly #listeners = new ListenerRegistry();
  readonly #pool: pg.Pool;
  readonly #client: pg.Client;

  private constructor(options: PostgresEventBusOptions) {
    this.#pool = options.pool;
    this.#client = options.listener;
    this.#client.on("notification", (message) => {
      if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
      const event = parseEvent(message.payload);
      if (event) this.#listeners.dispatch(event);
    });
    this.#client.on("error", (error) => options.onError?.(error));
  }

  static async start(options: PostgresEventBusOptions): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(options);
    await options.listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    return bus;
  }

  async publish(events: readonly ActionEventMessage[]): Promise<void> {
    if (events.length === 0) return;
    // One round trip for all of an action's events. The function scan yields the array in
    // order and NOTIFYs of one transaction are delivered in the order they were sent.
    await this.#pool.query("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload", [
      EVENTS_CHANNEL,
      events.map(encodeEvent),
    ]);
  }

  subscribe(userId: string, listener: EventListener): () => void {
    return this.#listeners.add(userId, listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#client.end().catch(() => {});
  }
}

function encodeEvent(event: ActionEventMessage): string {
  const encoded = JSON.stringify(event);
  if (utf8ByteLength(encoded) < MAX_NOTIFY_BYTES) return encoded;
  // Wire truncation normally keeps events far below the limit; this guards custom budgets.
  return JSON.stringify({ ...event, data: TRUNCATION_MARKER, truncated: true });
}

function parseEvent(payload: string): ActionEventMessage | null {
  try {
    const parsed: ActionEventMessage = JSON.parse(payload);
    return typeof parsed.id === "string" && typeof parsed.userId === "string" ? parsed : null;
  } catch {
    return null;
  }
}

// Events across server processes through PostgreSQL LISTEN/NOTIFY: every process LISTENs on
// one channel with a dedicated connection and dispatches what arrives to its local
// subscribers, its own events included, so there is one delivery path. A notification is only
// a wake-up (subscribers read the event table), so when the listener connection is lost the
// bus reconnects with backoff and then tells every subscriber to read again: nothing is lost.
import type pg from "pg";
import {
  type EventBus,
  type EventListener,
  ListenerRegistry,
  SIGNALS_CHANNEL,
  type SignalListener,
} from "./bus.ts";
import type { ActionEventMessage } from "@trellis/contract";
import { TRUNCATION_MARKER, utf8ByteLength } from "./truncate.ts";

const EVENTS_CHANNEL = "trellis_action_events";
/** PostgreSQL rejects NOTIFY payloads of 8000 bytes or more. */
const MAX_NOTIFY_BYTES = 7900;

interface ReconnectOptions {
  /** First wait after the connection is lost (default 100 ms); doubled after each failure. */
  initialMs?: number;
  /** Longest wait between attempts (default 10 s). */
  maxMs?: number;
}

export interface PostgresEventBusOptions {
  /** Runs `pg_notify`; any pooled connection will do. */
  pool: pg.Pool;
  /**
   * Makes a new, unconnected client for LISTEN (not from the pool: it stays checked out).
   * Called again for every reconnection.
   */
  createListener: () => pg.Client;
  reconnect?: ReconnectOptions;
  onError?: (error: Error) => void;
}

export class PostgresEventBus implements EventBus {
  readonly #listeners = new ListenerRegistry();
  readonly #pool: pg.Pool;
  readonly #createListener: () => pg.Client;
  readonly #onError: (error: Error) => void;
  readonly #initialMs: number;
  readonly #maxMs: number;
  #client: pg.Client | null = null;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(options: PostgresEventBusOptions) {
    this.#pool = options.pool;
    this.#createListener = options.createListener;
    this.#onError = options.onError ?? (() => {});
    this.#initialMs = options.reconnect?.initialMs ?? 100;
    this.#maxMs = options.reconnect?.maxMs ?? 10_000;
  }

  /** Connects the listener; a failure here is the caller's (the server does not start). */
  static async start(options: PostgresEventBusOptions): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(options);
    await bus.#listen();
    return bus;
  }

  get connected(): boolean {
    return this.#client !== null;
  }

  async publish(events: readonly ActionEventMessage[]): Promise<void> {
    if (events.length === 0) return;
    // One round trip for all of an action's events.
    await this.#pool.query("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload", [
      EVENTS_CHANNEL,
      events.map(encodeEvent),
    ]);
  }

  subscribe(userId: string, listener: EventListener): () => void {
    return this.#listeners.add(userId, listener);
  }

  async signal(message: string): Promise<void> {
    await this.#pool.query("SELECT pg_notify($1, $2)", [SIGNALS_CHANNEL, message]);
  }

  onSignal(listener: SignalListener): () => void {
    return this.#listeners.addSignal(listener);
  }

  onResume(callback: () => void): () => void {
    return this.#listeners.addResume(callback);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#listeners.clear();
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }

  async #listen(): Promise<void> {
    const client = this.#createListener();
    client.on("notification", (message) => {
      if (message.channel === SIGNALS_CHANNEL && message.payload) {
        this.#listeners.dispatchSignal(message.payload);
        return;
      }
      if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
      const event = parseEvent(message.payload);
      if (event) this.#listeners.dispatch(event);
    });
    // pg emits `error` (then `end`) when the server terminates the connection; without an
    // `error` handler that would crash the process.
    client.on("error", (error) => {
      this.#onError(error);
      this.#lost(client);
    });
    client.on("end", () => this.#lost(client));
    try {
      await client.connect();
      // One connection per process listens on both channels.
      await client.query(`LISTEN ${EVENTS_CHANNEL}; LISTEN ${SIGNALS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
  }

  #lost(client: pg.Client): void {
    if (client !== this.#client) return;
    this.#client = null;
    client.end().catch(() => {});
    if (!this.#closed) this.#reconnectAfter(this.#initialMs);
  }

  #reconnectAfter(delayMs: number): void {
    this.#timer = setTimeout(async () => {
      try {
        await this.#listen();
        // Events committed while the listener was down were not delivered: read again.
        if (this.#client) this.#listeners.resume();
      } catch (error) {
        this.#onError(error instanceof Error ? error : new Error(String(error)));
        if (!this.#closed) this.#reconnectAfter(Math.min(delayMs * 2, this.#maxMs));
      }
    }, delayMs);
    // A pending reconnection alone must not keep the process alive.
    this.#timer.unref();
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

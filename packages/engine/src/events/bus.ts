import type { ActionEventMessage } from "@trellis/contract";
import type { Db } from "@trellis/db";

export type EventListener = (event: ActionEventMessage) => void;

/** A process's receiver of signals (see `EventBus.signal`). */
export type SignalListener = (message: string) => void;

/** The channel of signals, on PostgreSQL and on PGlite alike. */
export const SIGNALS_CHANNEL = "trellis_signals";

/**
 * Tells a process's subscribers that their user has new committed events. The event table is
 * the truth and the bus only a wake-up: a subscriber reads the table after its last id when
 * woken, so a late, reordered or lost notification never reorders, repeats or loses an event.
 */
export interface EventBus {
  publish(events: readonly ActionEventMessage[]): Promise<void>;
  subscribe(userId: string, listener: EventListener): () => void;
  /**
   * Called when the bus comes back after it could not deliver (the PostgreSQL listener
   * connection was lost and is connected again): whatever was published meanwhile was not
   * delivered, so every subscriber must read the table again.
   */
  onResume(callback: () => void): () => void;
  /**
   * Sends a short message (under 7,900 bytes) to the `onSignal` listeners of every process on
   * the database, this one's included (a turn's stop). Like events, a wake-up only: what must
   * not be lost is written to a table first, and a receiver that missed it reads the table.
   */
  signal(message: string): Promise<void>;
  onSignal(listener: SignalListener): () => void;
  /** False while notifications cannot arrive (reported by `/health`). */
  readonly connected: boolean;
  close(): Promise<void>;
}

/** Fans events out to local listeners; shared by both bus implementations. */
export class ListenerRegistry {
  readonly #byUser = new Map<string, Set<EventListener>>();
  readonly #resume = new Set<() => void>();
  readonly #signals = new Set<SignalListener>();

  add(userId: string, listener: EventListener): () => void {
    let set = this.#byUser.get(userId);
    if (!set) {
      set = new Set();
      this.#byUser.set(userId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#byUser.delete(userId);
    };
  }

  addResume(callback: () => void): () => void {
    this.#resume.add(callback);
    return () => this.#resume.delete(callback);
  }

  dispatch(event: ActionEventMessage): void {
    for (const listener of this.#byUser.get(event.userId) ?? []) {
      try {
        listener(event);
      } catch {
        // A broken subscriber must not stop delivery to the others.
      }
    }
  }

  resume(): void {
    for (const callback of this.#resume) {
      try {
        callback();
      } catch {
        // As above: one subscriber's failure is its own.
      }
    }
  }

  clear(): void {
    this.#byUser.clear();
    this.#resume.clear();
    this.#signals.clear();
  }

  addSignal(listener: SignalListener): () => void {
    this.#signals.add(listener);
    return () => this.#signals.delete(listener);
  }

  dispatchSignal(message: string): void {
    for (const listener of this.#signals) {
      try {
        listener(message);
      } catch {
        // As above.
      }
    }
  }
}

type Pglite = Extract<Db, { kind: "pglite" }>["pglite"];

/**
 * The embedded default: one process, so events never need to leave it. Given the PGlite
 * database, signals go through its own LISTEN/NOTIFY, so that every part of the process on that
 * database (two servers in one test process) hears them; without, they stay in this bus.
 */
export class InProcessEventBus implements EventBus {
  readonly #listeners = new ListenerRegistry();
  readonly #pglite: Pglite | undefined;
  #unlisten: Promise<() => Promise<void>> | undefined;

  constructor(pglite?: Pglite) {
    this.#pglite = pglite;
    this.#unlisten = pglite?.listen(SIGNALS_CHANNEL, (message) =>
      this.#listeners.dispatchSignal(message),
    );
  }

  async signal(message: string): Promise<void> {
    if (!this.#pglite) return this.#listeners.dispatchSignal(message);
    await this.#pglite.query("SELECT pg_notify($1, $2)", [SIGNALS_CHANNEL, message]);
  }

  onSignal(listener: SignalListener): () => void {
    return this.#listeners.addSignal(listener);
  }

  async publish(events: readonly ActionEventMessage[]): Promise<void> {
    for (const event of events) this.#listeners.dispatch(event);
  }

  subscribe(userId: string, listener: EventListener): () => void {
    return this.#listeners.add(userId, listener);
  }

  onResume(callback: () => void): () => void {
    // Nothing between the publisher and its subscribers can fail: it never has to resume.
    return this.#listeners.addResume(callback);
  }

  get connected(): boolean {
    return true;
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    const unlisten = await this.#unlisten?.catch(() => undefined);
    this.#unlisten = undefined;
    // The database may be closed already (its owner closes it after the runtime).
    await unlisten?.().catch(() => {});
  }
}

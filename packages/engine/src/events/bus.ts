import type { ActionEventMessage } from "@trellis/contract";

export type EventListener = (event: ActionEventMessage) => void;

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
  /** False while notifications cannot arrive (reported by `/health`). */
  readonly connected: boolean;
  close(): Promise<void>;
}

/** Fans events out to local listeners; shared by both bus implementations. */
export class ListenerRegistry {
  readonly #byUser = new Map<string, Set<EventListener>>();
  readonly #resume = new Set<() => void>();

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
  }
}

/** The embedded default: one process, so events never need to leave it. */
export class InProcessEventBus implements EventBus {
  readonly #listeners = new ListenerRegistry();

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
  }
}

import type { ActionEventMessage } from "./event.ts";

export type EventListener = (event: ActionEventMessage) => void;

/**
 * Publishes committed lifecycle events to the subscribers of their user. Delivery is
 * best-effort and live-only: a subscriber that missed events replays them from the database
 * (events are persisted before they are published).
 */
export interface EventBus {
  publish(events: readonly ActionEventMessage[]): Promise<void>;
  subscribe(userId: string, listener: EventListener): () => void;
  close(): Promise<void>;
}

/** Fans events out to local listeners; shared by both bus implementations. */
export class ListenerRegistry {
  readonly #byUser = new Map<string, Set<EventListener>>();

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

  dispatch(event: ActionEventMessage): void {
    for (const listener of this.#byUser.get(event.userId) ?? []) {
      try {
        listener(event);
      } catch {
        // A broken subscriber must not stop delivery to the others.
      }
    }
  }

  clear(): void {
    this.#byUser.clear();
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

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}

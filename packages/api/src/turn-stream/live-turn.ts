// One running (or recently finished) turn's events in this process: appended by the turn as
// it happens, read by any number of followers, each from where it left off. A turn's events
// are numbered from 1 in order; that number is the SSE id a follower resumes after.
import { isTerminalTurnEvent, type TurnStreamEvent } from "@trellis/contract";

export interface NumberedEvent {
  seq: number;
  event: TurnStreamEvent;
}

export class LiveTurn {
  readonly userId: string;
  /** The digest of the request (`requestHash`): a caller with the same key must match it. */
  readonly requestHash: string;
  /** Known once the turn has started (its TurnRecord's id). */
  turnId: string | null = null;
  /** Aborted by `chat.stop`: cancels the turn while it waits for or streams from the model. */
  readonly stopper = new AbortController();
  readonly #events: TurnStreamEvent[] = [];
  readonly #wakers = new Set<() => void>();
  readonly #ending = Promise.withResolvers<TurnStreamEvent>();

  readonly #onEvent: (item: NumberedEvent) => void;

  /** `onEvent` receives each numbered event as it is appended (the database log). */
  constructor(userId: string, requestHash = "", onEvent: (item: NumberedEvent) => void = () => {}) {
    this.userId = userId;
    this.requestHash = requestHash;
    this.#onEvent = onEvent;
  }

  get done(): boolean {
    const last = this.#events.at(-1);
    return last !== undefined && isTerminalTurnEvent(last);
  }

  /** Appends an event (nothing after the terminal one) and wakes every follower. */
  push(event: TurnStreamEvent): void {
    if (this.done) return;
    if (event.type === "turn.started") this.turnId = event.turnId;
    this.#events.push(event);
    this.#onEvent({ seq: this.#events.length, event });
    if (isTerminalTurnEvent(event)) this.#ending.resolve(event);
    for (const wake of this.#wakers) wake();
  }

  /** The turn's terminal event, once it has one. */
  ending(): Promise<TurnStreamEvent> {
    return this.#ending.promise;
  }

  /**
   * The events after `afterSeq`, then each new one as it comes, until the terminal event or
   * `signal` (the follower left: the turn itself runs on). A follower that already has the
   * terminal event (or names a later one) of a finished turn gets nothing and ends at once.
   */
  async *follow(afterSeq: number, signal: AbortSignal): AsyncGenerator<NumberedEvent> {
    let next = Math.max(0, afterSeq);
    for (;;) {
      while (next < this.#events.length) {
        const event = this.#events[next];
        next++;
        if (event === undefined) continue;
        yield { seq: next, event };
        if (isTerminalTurnEvent(event)) return;
      }
      // Checked before every wait, not only after an event: nothing more will come.
      if (this.done || signal.aborted) return;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#wakers.delete(wake);
          signal.removeEventListener("abort", wake);
          resolve();
        };
        this.#wakers.add(wake);
        signal.addEventListener("abort", wake, { once: true });
      });
    }
  }
}

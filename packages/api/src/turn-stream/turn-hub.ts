// The turns this process runs for `chat.stream`. A turn runs detached from the request that
// started it: a dropped connection does not cancel it, and a reconnect (same idempotency key,
// or its turn id) follows the same turn from the last event it received. A finished turn's
// events stay here for `retainMs`, for late reconnects.
import type { CoachTurn, TurnRequest, TurnResult } from "@trellis/ai";
import { LiveTurn } from "./live-turn.ts";

export interface TurnHubOptions {
  /** How long a finished turn can still be followed (default 5 minutes). */
  retainMs?: number;
}

/** Runs when the turn has ended, before its terminal event is published. */
export interface TurnSettlement {
  onResult(result: TurnResult): void;
  /** The client's form of the failure; `stopped` ends the stream with `turn.stopped`. */
  onError(error: unknown): { kind: string; message: string } | "stopped";
  onSettled(): void;
}

export class TurnHub {
  readonly #turn: CoachTurn;
  readonly #retainMs: number;
  readonly #byKey = new Map<string, LiveTurn>();
  readonly #byId = new Map<string, LiveTurn>();

  constructor(turn: CoachTurn, options: TurnHubOptions = {}) {
    this.#turn = turn;
    this.#retainMs = options.retainMs ?? 5 * 60_000;
  }

  /** The turn running (or recently run) here under this key, if any. */
  byKey(userId: string, idempotencyKey: string): LiveTurn | undefined {
    return this.#byKey.get(keyOf(userId, idempotencyKey));
  }

  byId(userId: string, turnId: string): LiveTurn | undefined {
    const live = this.#byId.get(turnId);
    return live?.userId === userId ? live : undefined;
  }

  /** Starts a turn in the background; its events go to the returned LiveTurn. */
  start(
    request: Omit<TurnRequest, "events" | "stop" | "signal"> & { idempotencyKey: string },
    settlement: TurnSettlement,
  ): LiveTurn {
    const key = keyOf(request.userId, request.idempotencyKey);
    const live = new LiveTurn(request.userId);
    this.#byKey.set(key, live);
    const forget = () => {
      this.#byKey.delete(key);
      if (live.turnId !== null) this.#byId.delete(live.turnId);
    };
    void this.#run(live, request, settlement).finally(() => {
      setTimeout(forget, this.#retainMs).unref();
    });
    return live;
  }

  async #run(
    live: LiveTurn,
    request: Omit<TurnRequest, "events" | "stop" | "signal">,
    settlement: TurnSettlement,
  ): Promise<void> {
    try {
      const result = await this.#turn.send({
        ...request,
        stop: live.stopper.signal,
        events: (event) => {
          if (event.type === "turn.started") this.#byId.set(event.turnId, live);
          live.push(event);
        },
      });
      settlement.onResult(result);
      live.push({ type: "turn.completed", result });
    } catch (error) {
      const failure = settlement.onError(error);
      live.push(
        failure === "stopped" ? { type: "turn.stopped" } : { type: "turn.failed", error: failure },
      );
    } finally {
      settlement.onSettled();
    }
  }

  /** Stops a turn of this process; false when it is not here or already finished. */
  stop(userId: string, turnId: string): boolean {
    const live = this.byId(userId, turnId);
    if (!live || live.done) return false;
    live.stopper.abort();
    return true;
  }
}

function keyOf(userId: string, idempotencyKey: string): string {
  return `${userId}\n${idempotencyKey}`;
}

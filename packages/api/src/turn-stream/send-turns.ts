// The `chat.send` turns this process runs, where `chat.stop` can reach them: by the client's
// key from the start, and by the turn's id and record key (the server's own for a keyless
// send) once it has a record. A `chat.send` turn writes no events: a stop ends the call with
// the typed `stopped` error (499, nothing applied), and the stop learns from the call's end
// whether it stopped the turn (a reply already complete is applied anyway).
import { turnFailure } from "../errors.ts";

/** One running `chat.send` turn. */
class SendTurn {
  readonly userId: string;
  readonly stopper = new AbortController();
  /** Resolves once the call has ended: true when a stop ended it. */
  readonly #ended = Promise.withResolvers<boolean>();
  #settled = false;

  constructor(userId: string) {
    this.userId = userId;
  }

  /** Stops the turn if it can still be stopped; resolves to whether the stop ended it. */
  stop(): Promise<boolean> {
    if (this.#settled) return Promise.resolve(false);
    this.stopper.abort();
    return this.#ended.promise;
  }

  settle(stopped: boolean): void {
    this.#settled = true;
    this.#ended.resolve(stopped);
  }
}

/**
 * What `run` gives the turn: its stop, where it says its id and key once it has them, and
 * (when stops cross processes) where it says it took a stop sent before it began.
 */
export interface SendHooks {
  stop: AbortSignal;
  onStarted(turn: { turnId: string; idempotencyKey: string }): void;
  onStopTaken?: () => void;
}

export class SendTurns {
  readonly #byKey = new Map<string, Set<SendTurn>>();
  readonly #byId = new Map<string, SendTurn>();

  /**
   * Runs a `chat.send` turn where stops can reach it; with `takeEarlyStops`, a stop sent by
   * the client's key before the call arrived is taken as the turn starts.
   */
  async run<T>(
    userId: string,
    clientKey: string | undefined,
    takeEarlyStops: boolean,
    run: (hooks: SendHooks) => Promise<T>,
  ): Promise<T> {
    const turn = new SendTurn(userId);
    const keys = new Set<string>();
    let turnId: string | null = null;
    const register = (idempotencyKey: string) => {
      const key = keyOf(userId, idempotencyKey);
      keys.add(key);
      const turns = this.#byKey.get(key) ?? new Set();
      this.#byKey.set(key, turns.add(turn));
    };
    if (clientKey !== undefined) register(clientKey);
    try {
      const result = await run({
        stop: turn.stopper.signal,
        onStarted: (started) => {
          turnId = started.turnId;
          this.#byId.set(started.turnId, turn);
          register(started.idempotencyKey);
        },
        ...(takeEarlyStops && clientKey !== undefined
          ? { onStopTaken: () => turn.stopper.abort() }
          : {}),
      });
      turn.settle(false);
      return result;
    } catch (error) {
      turn.settle(turnFailure(error) === "stopped");
      throw error;
    } finally {
      for (const key of keys) {
        const turns = this.#byKey.get(key);
        turns?.delete(turn);
        if (turns?.size === 0) this.#byKey.delete(key);
      }
      if (turnId !== null) this.#byId.delete(turnId);
    }
  }

  /** The running turns under this key (usually one; a retry on this process may join it). */
  byKey(userId: string, idempotencyKey: string): SendTurn[] {
    return [...(this.#byKey.get(keyOf(userId, idempotencyKey)) ?? [])];
  }

  byId(userId: string, turnId: string): SendTurn | undefined {
    const turn = this.#byId.get(turnId);
    return turn?.userId === userId ? turn : undefined;
  }
}

/** Stops every turn given; true when a stop ended any of them. */
export async function stopAll(turns: readonly SendTurn[]): Promise<boolean> {
  const stopped = await Promise.all(turns.map((turn) => turn.stop()));
  return stopped.includes(true);
}

function keyOf(userId: string, idempotencyKey: string): string {
  return `${userId}\n${idempotencyKey}`;
}

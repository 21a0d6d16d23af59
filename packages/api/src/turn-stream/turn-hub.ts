// The turns this process runs for `chat.stream`. A turn runs detached from the request that
// started it: a dropped connection does not cancel it, and a reconnect (same idempotency key,
// or its turn id) follows the same turn from the last event it received. Callers that arrive
// at once with one key share one turn: the turn is registered before anything is awaited.
// Each event is also written to the database (event-log.ts), where any process reads it; a
// finished turn is forgotten here once its events are written (later reconnects read them).
import type { TurnRequest } from "@trellis/ai";
import type { Db } from "@trellis/db";
import { type TurnFailure, type TurnResult, turnErrorReasons } from "@trellis/contract";
import { ApiError } from "../api-error.ts";
import { turnFailure } from "../errors.ts";
import type { TurnService } from "../services.ts";
import { TurnEventWriter } from "./event-log.ts";
import { LiveTurn } from "./live-turn.ts";
import { type SendHooks, SendTurns, stopAll } from "./send-turns.ts";
import type { TurnKeyRef, TurnStops } from "./turn-stops.ts";

export interface TurnHubOptions {
  /** Stops across processes; without, `chat.stop` reaches only the turns of this process. */
  stops?: TurnStops;
  /** Where the turns' events are written for other processes; without, they stay here. */
  log?: { db: Db; intervalMs?: number; onError: (error: unknown) => void };
  /** Without a log: how long a finished turn can still be followed (default 5 minutes). */
  retainMs?: number;
}

/** Runs when the turn has ended, before its terminal event is published. */
interface TurnSettlement {
  onResult(result: TurnResult): void;
  /** The client's form of the failure; `stopped` ends the stream with `turn.stopped`. */
  onError(error: unknown): TurnFailure | "stopped";
}

/** What a turn's slot (the per-user turn cap) gives back when the turn ends. */
interface Slot {
  release(): Promise<void>;
}

export interface TurnStart {
  request: Omit<TurnRequest, "events" | "stop" | "signal"> & { idempotencyKey: string };
  /** Whether the client chose the key: only then can a stop name the turn before it starts. */
  clientKey: boolean;
  /** `requestHash` of the request: a second caller under the key must send the same. */
  requestHash: string;
  /** Takes the turn's slot (throws when the user's cap is reached); undefined for none. */
  hold(): Promise<Slot | undefined>;
  settlement: TurnSettlement;
}

export class TurnHub {
  readonly #turn: TurnService;
  readonly #retainMs: number;
  readonly #stops: TurnStops | undefined;
  readonly #log: TurnHubOptions["log"];
  readonly #byKey = new Map<string, LiveTurn>();
  readonly #byId = new Map<string, LiveTurn>();
  readonly #sends = new SendTurns();

  constructor(turn: TurnService, options: TurnHubOptions = {}) {
    this.#turn = turn;
    this.#retainMs = options.retainMs ?? 5 * 60_000;
    this.#stops = options.stops;
    this.#log = options.log;
    // Heard as long as the bus runs (closing it drops its listeners).
    this.#stops?.onStop((ref) => this.#stopSignalled(ref));
  }

  /** The turn running (or recently run) here under this key, if any. */
  byKey(userId: string, idempotencyKey: string): LiveTurn | undefined {
    return this.#byKey.get(keyOf(userId, idempotencyKey));
  }

  byId(userId: string, turnId: string): LiveTurn | undefined {
    const live = this.#byId.get(turnId);
    return live?.userId === userId ? live : undefined;
  }

  /**
   * The turn under the request's key: the one here (when the request is the same; another
   * request under the key is refused, as `chat.send` refuses it) or a new one, started in the
   * background once it holds its slot. A refused slot fails the call and ends the turn for
   * every caller that joined it meanwhile.
   */
  async open(start: TurnStart): Promise<LiveTurn> {
    const { userId, idempotencyKey } = start.request;
    const key = keyOf(userId, idempotencyKey);
    const existing = this.#byKey.get(key);
    if (existing) {
      if (existing.requestHash !== start.requestHash) throw keyReused();
      return existing;
    }
    const log = this.#log;
    const writer = log
      ? new TurnEventWriter(log.db, userId, {
          intervalMs: log.intervalMs ?? 100,
          onError: log.onError,
        })
      : undefined;
    const live = new LiveTurn(userId, start.requestHash, (item) => writer?.add(item));
    this.#byKey.set(key, live);
    let slot: Slot | undefined;
    try {
      slot = await start.hold();
    } catch (error) {
      live.push({ type: "turn.failed", error: failureOf(error) });
      this.#byKey.delete(key);
      await slot?.release();
      throw error;
    }
    void this.#run(live, start, slot).finally(async () => {
      const forget = () => {
        if (this.#byKey.get(key) === live) this.#byKey.delete(key);
        if (live.turnId !== null) this.#byId.delete(live.turnId);
      };
      // A turn that never started (its key belongs to another message, its record could not
      // be written) has nothing to follow: its key is free at once. A logged turn is read from
      // the database once its events are there.
      if (live.turnId === null) forget();
      else if (writer) await writer.flushed().then(forget);
      else setTimeout(forget, this.#retainMs).unref();
    });
    return live;
  }

  async #run(live: LiveTurn, start: TurnStart, slot: Slot | undefined): Promise<void> {
    const { settlement } = start;
    try {
      const result = await this.#turn.send({
        ...start.request,
        stop: live.stopper.signal,
        // A stop sent before the turn began (by its key, to any process) is taken as it starts.
        ...(start.clientKey && this.#stops ? { onStopTaken: () => live.stopper.abort() } : {}),
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
      await slot?.release();
    }
  }

  /**
   * Runs a `chat.send` turn where `chat.stop` reaches it (here, or from another process by its
   * key); a stop sent by the client's key before the call arrived is taken first.
   */
  runSend<T>(
    userId: string,
    clientKey: string | undefined,
    run: (hooks: SendHooks) => Promise<T>,
  ): Promise<T> {
    return this.#sends.run(userId, clientKey, this.#stops !== undefined, run);
  }

  /**
   * Stops the turn named, if this process runs it (streamed or `chat.send`), and resolves to
   * whether the stop ended it (a reply already complete is applied anyway); null when the
   * turn does not run here.
   */
  stopHere(
    userId: string,
    name: { turnId: string } | { idempotencyKey: string },
  ): Promise<boolean> | null {
    const live =
      "turnId" in name ? this.byId(userId, name.turnId) : this.byKey(userId, name.idempotencyKey);
    if (live) return stopLive(live);
    const sends =
      "turnId" in name
        ? [this.#sends.byId(userId, name.turnId)].filter((turn) => turn !== undefined)
        : this.#sends.byKey(userId, name.idempotencyKey);
    return sends.length > 0 ? stopAll(sends) : null;
  }

  /**
   * Records a stop for the turn under this key, for whichever process runs it, or will: false
   * when this server cannot reach other processes (no `stops`).
   */
  async stopElsewhere(ref: TurnKeyRef): Promise<boolean> {
    if (!this.#stops) return false;
    await this.#stops.request(ref);
    return true;
  }

  /** Withdraws a stop that reached no turn, so that it cannot stop a later one under the key. */
  async withdrawStop(ref: TurnKeyRef): Promise<void> {
    await this.#stops?.take(ref);
  }

  /** A stop another process (or this one) recorded: ours to apply if the turn runs here. */
  #stopSignalled(ref: TurnKeyRef): void {
    const live = this.byKey(ref.userId, ref.idempotencyKey);
    const sends = this.#sends.byKey(ref.userId, ref.idempotencyKey);
    if (live?.done === false) live.stopper.abort();
    else if (sends.length > 0) void stopAll(sends);
    else return;
    // Applied: the row must not stop a retry under the same key.
    this.#stops?.take(ref).catch(() => {});
  }
}

/** Stops a streamed turn of this process: whether it ended with `turn.stopped`. */
async function stopLive(live: LiveTurn): Promise<boolean> {
  if (live.done) return false;
  live.stopper.abort();
  return (await live.ending()).type === "turn.stopped";
}

function keyOf(userId: string, idempotencyKey: string): string {
  return `${userId}\n${idempotencyKey}`;
}

/** What `chat.send` answers for the same key with another message (422). */
function keyReused(): ApiError {
  return new ApiError({
    reason: turnErrorReasons.key_reused,
    message:
      "This idempotency key was used for a different message; use a new key for a new message",
  });
}

function failureOf(error: unknown): TurnFailure {
  const failure = turnFailure(error);
  return failure === "stopped"
    ? { kind: "stopped", message: "The turn was stopped before the coach answered." }
    : failure;
}

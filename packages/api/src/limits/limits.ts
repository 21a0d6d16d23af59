// One server's limits: the configuration, the database-backed rate counters and concurrency
// slots, and the 429 error every limit raises.
import type { Db } from "@trellis/db";
import { ApiError } from "../api-error.ts";
import { ConcurrencySlots, type HeldSlot } from "./concurrency-slots.ts";
import { defaultLimits, type LimitsConfig } from "./config.ts";
import { type RateDecision, RateLimits } from "./rate-limits.ts";

export class Limits {
  readonly config: Readonly<LimitsConfig>;
  readonly #rates: RateLimits;
  readonly #slots: ConcurrencySlots;

  /** `ownerId`: this server process's id in the process registry, if it has one. */
  constructor(db: Db, config: Partial<LimitsConfig> = {}, ownerId?: string) {
    this.config = { ...defaultLimits, ...config };
    this.#rates = new RateLimits(db, this.config);
    this.#slots = new ConcurrencySlots(db, {
      renewSeconds: this.config.slotRenewSeconds,
      ownerId,
    });
  }

  consumeIp(address: string): Promise<RateDecision> {
    return this.#rates.consumeIp(address);
  }

  consumeUser(userId: string, calls: number): Promise<RateDecision> {
    return this.#rates.consumeUser(userId, calls);
  }

  /**
   * Holds one of the user's turn slots, or throws 409 `turn_in_progress` when all are in use:
   * the UI says to wait for the reply being written (a turn is seconds long; a queue would
   * hold a connection and answer a message the user wrote before seeing the last reply).
   */
  async holdTurn(userId: string): Promise<HeldSlot> {
    const limit = this.config.concurrentTurnsPerUser;
    const slot = await this.#slots.acquire(`turn:${userId}`, limit);
    if (slot) return slot;
    throw new TurnInProgressError(limit);
  }

  /** Holds one of the user's subscription slots, or throws 429 when all are open. */
  holdSubscription(userId: string): Promise<HeldSlot> {
    return this.#hold(
      `subscription:${userId}`,
      this.config.subscriptionsPerUser,
      "open event subscriptions",
    );
  }

  async #hold(key: string, limit: number, what: string): Promise<HeldSlot> {
    const slot = await this.#slots.acquire(key, limit);
    if (slot) return slot;
    throw new RateLimitedError(`At most ${limit} ${what} per user`, "too_many_concurrent", 1);
  }
}

/** 429 Too Many Requests; the HTTP response carries `Retry-After: retryAfterSeconds`. */
export class RateLimitedError extends ApiError {
  readonly retryAfterSeconds: number;

  constructor(
    message: string,
    reason: "rate_limited" | "too_many_concurrent",
    retryAfterSeconds: number,
  ) {
    super({
      reason,
      message: `${message}; retry in ${retryAfterSeconds} s`,
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 409: the user's turns already run (at most `limit` at once); wait for the reply, then send. */
export class TurnInProgressError extends ApiError {
  constructor(limit: number) {
    super({
      reason: "turn_in_progress",
      message:
        limit === 1
          ? "The coach is still answering your previous message. Wait for the reply, then send again."
          : `The coach is already answering ${limit} of your messages. Wait for a reply, then send again.`,
    });
  }
}

/** Throws 429 when a rate decision refused the request. */
export function enforce(decision: RateDecision, what: string): void {
  if (!decision.allowed) {
    throw new RateLimitedError(`Too many ${what}`, "rate_limited", decision.retryAfterSeconds);
  }
}

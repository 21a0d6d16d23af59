// Rate limits per user and per client IP, counted in the database with rate-limiter-flexible's
// Prisma store, so every server process sharing the database counts against the same windows
// (PostgreSQL and PGlite alike: the store only needs Prisma). If the database cannot count, an
// in-memory limiter of the same size stands in for that process rather than failing requests.
import type { Db } from "@trellis/db";
import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { LimitsConfig } from "./config.ts";

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Limiter = RateLimiterPrisma;

function limiter(db: Db, keyPrefix: string, points: number, windowSeconds: number): Limiter {
  return new RateLimiterPrisma({
    storeClient: db.prisma,
    // The Prisma client's property for `model RateLimit` (prisma/schema.prisma).
    tableName: "rateLimit",
    keyPrefix,
    points,
    duration: windowSeconds,
    // A key over its limit is refused from memory until its window ends: a flood of refused
    // requests costs no database writes.
    inMemoryBlockOnConsumed: points + 1,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: windowSeconds }),
  });
}

export class RateLimits {
  readonly #user: Limiter;
  readonly #ip: Limiter;

  constructor(db: Db, config: LimitsConfig) {
    this.#user = limiter(db, "user", config.userCallsPerWindow, config.windowSeconds);
    this.#ip = limiter(db, "ip", config.ipRequestsPerWindow, config.windowSeconds);
  }

  /** Counts `calls` procedure calls of one user. */
  consumeUser(userId: string, calls: number): Promise<RateDecision> {
    return consume(this.#user, userId, calls);
  }

  /** Counts one HTTP request from a client address. */
  consumeIp(address: string): Promise<RateDecision> {
    return consume(this.#ip, address, 1);
  }
}

async function consume(limiter: Limiter, key: string, points: number): Promise<RateDecision> {
  try {
    await limiter.consume(key, points);
    return { allowed: true };
  } catch (rejection) {
    // The library rejects with a RateLimiterRes when over the limit, an Error otherwise (both
    // the store and its in-memory insurance failed: nothing sensible to count with).
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
    };
  }
}

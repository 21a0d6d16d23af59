// Rate limits per user and per client IP, counted in the database with rate-limiter-flexible's
// PostgreSQL store, so every server process sharing the database counts against the same
// windows. The store needs only a `query({ text, values })` client: here Prisma's raw queries,
// so it runs on PostgreSQL and PGlite alike, and counting a request is one atomic statement
// (an upsert). If the database cannot count, an in-memory limiter of the same size stands in
// for that process rather than failing requests.
import type { Db } from "@trellis/db";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { LimitsConfig } from "./config.ts";

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The `pg`-like client the store calls, over Prisma (the table is `model RateLimit`). */
function storeClient(db: Db) {
  return {
    async query(query: { text: string; values?: unknown[] }) {
      const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
        query.text,
        ...(query.values ?? []),
      );
      // BIGINT columns arrive as BigInt; the store does arithmetic on them as numbers.
      const plain = rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([key, value]) => [
            key,
            typeof value === "bigint" ? Number(value) : value,
          ]),
        ),
      );
      return { rows: plain, rowCount: plain.length };
    },
  };
}

function limiter(
  db: Db,
  keyPrefix: string,
  points: number,
  windowSeconds: number,
): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: storeClient(db),
    storeType: "pool",
    tableName: "RateLimit",
    // Created by the migrations, not by the library.
    tableCreated: true,
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
  readonly #user: RateLimiterPostgres;
  readonly #ip: RateLimiterPostgres;

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

async function consume(
  limiter: RateLimiterPostgres,
  key: string,
  points: number,
): Promise<RateDecision> {
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

// The usage and cost ledger (table ModelUsage): one row per model call, written after the
// call returns, and the sums that budgets and `admin.usage` read.
import type { UsageDimension, UsageRow } from "@trellis/contract";
import type { Db } from "@trellis/db";
import type { TokenUsage } from "../providers/types.ts";
import type { PriceTable } from "./prices.ts";
import type { UsageScope } from "./usage-scope.ts";

export interface UsageEntry {
  scope: UsageScope;
  model: string;
  usage: TokenUsage;
  /** Model calls the usage covers (a tool loop's steps). */
  calls: number;
  at?: Date;
}

export interface UsageQuery {
  /** Inclusive UTC days (`YYYY-MM-DD`); default: everything. */
  from?: string;
  to?: string;
  userId?: string;
  groupBy: readonly UsageDimension[];
}

/** The UTC day `at` falls on, as the date column stores it. */
function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

function dayText(day: Date): string {
  return day.toISOString().slice(0, 10);
}

export class UsageLedger {
  readonly #db: Db;
  readonly #prices: PriceTable;

  constructor(db: Db, prices: PriceTable) {
    this.#db = db;
    this.#prices = prices;
  }

  async record(entry: UsageEntry): Promise<void> {
    const at = entry.at ?? new Date();
    const { scope, usage } = entry;
    await this.#db.prisma.modelUsage.create({
      data: {
        createdAt: at,
        day: utcDay(at),
        userId: scope.userId,
        purpose: scope.purpose,
        turnId: scope.turnId ?? null,
        phase: scope.phase ?? null,
        promptVersion: scope.promptVersion ?? null,
        model: entry.model,
        promptTokens: usage.promptTokens,
        cachedPromptTokens: usage.cachedPromptTokens ?? 0,
        completionTokens: usage.completionTokens,
        totalTokens: usage.totalTokens,
        calls: entry.calls,
        costUsd: this.#prices.costOf(entry.model, usage),
      },
    });
  }

  /** Tokens a user used on the UTC day of `at`. */
  async userTokensOn(userId: string, at: Date): Promise<number> {
    const sum = await this.#db.prisma.modelUsage.aggregate({
      where: { userId, day: utcDay(at) },
      _sum: { totalTokens: true },
    });
    return sum._sum.totalTokens ?? 0;
  }

  /** US dollars the whole deployment spent on the UTC day of `at`. */
  async costOn(at: Date): Promise<number> {
    const sum = await this.#db.prisma.modelUsage.aggregate({
      where: { day: utcDay(at) },
      _sum: { costUsd: true },
    });
    return sum._sum.costUsd ?? 0;
  }

  /** Tokens and cost summed by the requested dimensions, largest cost first. */
  async summarize(query: UsageQuery): Promise<UsageRow[]> {
    const where = {
      ...(query.userId === undefined ? {} : { userId: query.userId }),
      ...(query.from === undefined && query.to === undefined
        ? {}
        : {
            day: {
              ...(query.from === undefined ? {} : { gte: new Date(`${query.from}T00:00:00Z`) }),
              ...(query.to === undefined ? {} : { lte: new Date(`${query.to}T00:00:00Z`) }),
            },
          }),
    };
    const sums = {
      calls: true,
      promptTokens: true,
      cachedPromptTokens: true,
      completionTokens: true,
      totalTokens: true,
      costUsd: true,
    } as const;
    const groups =
      query.groupBy.length === 0
        ? [
            {
              ...(await this.#db.prisma.modelUsage.aggregate({ where, _sum: sums })),
            },
          ]
        : await this.#db.prisma.modelUsage.groupBy({
            by: [...query.groupBy],
            where,
            _sum: sums,
          });
    const rows = groups.map((group): UsageRow => {
      const s = group._sum;
      // Only the grouped dimensions are present on a group.
      const dims: { [K in UsageDimension]?: unknown } & { _sum: unknown } = group;
      return {
        userId: typeof dims.userId === "string" ? dims.userId : null,
        phase: typeof dims.phase === "string" ? dims.phase : null,
        promptVersion: typeof dims.promptVersion === "number" ? dims.promptVersion : null,
        model: typeof dims.model === "string" ? dims.model : null,
        day: dims.day instanceof Date ? dayText(dims.day) : null,
        calls: s.calls ?? 0,
        promptTokens: s.promptTokens ?? 0,
        cachedPromptTokens: s.cachedPromptTokens ?? 0,
        completionTokens: s.completionTokens ?? 0,
        totalTokens: s.totalTokens ?? 0,
        costUsd: s.costUsd ?? 0,
      };
    });
    return rows.sort((a, b) => b.costUsd - a.costUsd || b.totalTokens - a.totalTokens);
  }
}

// Model usage and cost as `admin.usage` reports it (the ledger's sums).

/** What `admin.usage` can group by. */
export const usageDimensions = ["userId", "phase", "promptVersion", "model", "day"] as const;
export type UsageDimension = (typeof usageDimensions)[number];

/** One group's sums; the dimensions not grouped by are null. */
export interface UsageRow {
  userId: string | null;
  phase: string | null;
  promptVersion: number | null;
  model: string | null;
  /** `YYYY-MM-DD` */
  day: string | null;
  calls: number;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** US dollars; calls to models without a price count 0. */
  costUsd: number;
}

export type { HeldSlot } from "./concurrency-slots.ts";
export { defaultLimits, type LimitsConfig } from "./config.ts";
export { enforce, Limits, RateLimitedError } from "./limits.ts";
export type { RateDecision } from "./rate-limits.ts";

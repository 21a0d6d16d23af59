export { defaultLimits, type LimitsConfig } from "./config.ts";
export { enforce, Limits, RateLimitedError, TurnInProgressError } from "./limits.ts";

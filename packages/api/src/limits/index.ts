export { defaultLimits, type LimitsConfig } from "./config.ts";
export { enforce, Limits, RateLimitedError } from "./limits.ts";

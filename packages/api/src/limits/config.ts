// The request limits of one server: rate limits counted in the database (so they hold across
// server processes sharing it) and per-user concurrency limits on turns and subscriptions.

export interface LimitsConfig {
  /** Length of a rate-limit window. */
  windowSeconds: number;
  /** Procedure calls one user may make per window (a batch counts each of its calls). */
  userCallsPerWindow: number;
  /** HTTP requests one client IP address may make per window (`/health` not counted). */
  ipRequestsPerWindow: number;
  /**
   * Coach turns (`chat.send`, `chat.stream`) one user may have running at once, across every
   * process (default 1: one conversation, one reply at a time; more is refused with 409).
   */
  concurrentTurnsPerUser: number;
  /** Open event subscriptions (SSE) one user may hold at once. */
  subscriptionsPerUser: number;
  /**
   * A slot (running turn, open subscription) is renewed this often while in use; a server
   * process that dies leaves its slots, which lapse after three times this.
   */
  slotRenewSeconds: number;
}

export const defaultLimits: Readonly<LimitsConfig> = {
  windowSeconds: 60,
  userCallsPerWindow: 600,
  ipRequestsPerWindow: 1200,
  concurrentTurnsPerUser: 1,
  subscriptionsPerUser: 5,
  slotRenewSeconds: 10,
};

// Turns interrupted by a crash or a failing database, that no client comes back for, are
// finished in the background: once at start (the previous process may have died mid-turn) and
// then periodically, since another server's leases run out at any time.
import type { CoachTurn } from "./coach-turn.ts";

export interface TurnRecovery {
  /** Sweeps now (a dead process's leases were just ended), unless a sweep is running. */
  sweep(): void;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

export function startTurnRecovery(
  turn: CoachTurn,
  options: { intervalMs: number; onError: (error: unknown) => void },
): TurnRecovery {
  let running: Promise<void> | null = null;
  const sweep = () => {
    if (running) return; // one sweep at a time
    running = (async () => {
      // A full batch means more may be waiting: go on until a batch comes back short.
      while ((await turn.recoverInterrupted(20)) === 20) {}
    })()
      .catch(options.onError)
      .finally(() => {
        running = null;
      });
  };
  sweep();
  const timer = setInterval(sweep, options.intervalMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

// Messages between the bench and the server it runs in a child process (Node IPC).
import type { SqlStats } from "./sql-stats.ts";

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Whether a full GC ran first (node --expose-gc). */
  gc: boolean;
}

export type ToServer =
  | { type: "memory"; gc: boolean }
  /** Statements sent since the last reset; `reset` starts counting afresh. */
  | { type: "sql"; reset: boolean }
  /** CPU time the server process has used so far (user + system). */
  | { type: "cpu" }
  | { type: "stop" };

export type FromServer =
  | { type: "ready"; url: string; coachModel: string }
  | { type: "memory"; sample: MemorySample }
  | { type: "sql"; stats: SqlStats }
  | { type: "cpu"; micros: number }
  | { type: "error"; message: string };

export function isFromServer(value: unknown): value is FromServer {
  return typeof value === "object" && value !== null && "type" in value;
}

export function isToServer(value: unknown): value is ToServer {
  return (
    typeof value === "object" &&
    value !== null &&
    "type" in value &&
    (value.type === "memory" ||
      value.type === "sql" ||
      value.type === "cpu" ||
      value.type === "stop")
  );
}

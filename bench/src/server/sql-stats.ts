// Counts and times every statement the server process sends to PostgreSQL, by kind, by
// wrapping pg's Client#query (Prisma's adapter, the event bus and pg-boss all go through it).
// Only loaded in the bench's server child.
import pg from "pg";
import { classify } from "../engine/profile.ts";

export interface SqlStats {
  statements: number;
  ms: number;
  byKind: { [kind: string]: { count: number; ms: number } };
}

let stats: SqlStats = { statements: 0, ms: 0, byKind: {} };

function record(kind: string, ms: number): void {
  stats.statements++;
  stats.ms += ms;
  const entry = stats.byKind[kind] ?? { count: 0, ms: 0 };
  entry.count++;
  entry.ms += ms;
  stats.byKind[kind] = entry;
}

function sqlOf(first: unknown): string | null {
  if (typeof first === "string") return first;
  if (typeof first === "object" && first !== null && "text" in first) {
    return typeof first.text === "string" ? first.text : null;
  }
  return null;
}

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof value === "object" && value !== null && "then" in value;
}

export function installSqlStats(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function query(this: unknown, ...args: unknown[]): unknown {
    const sql = sqlOf(args[0]);
    // Submittables (cursors, streams) are left alone.
    if (sql === null) return original.apply(this, args);
    const kind = classify(sql);
    const started = performance.now();
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (...callbackArgs: unknown[]) => {
        record(kind, performance.now() - started);
        return last(...callbackArgs);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (isThenable(result)) {
      result.then(
        () => record(kind, performance.now() - started),
        () => record(kind, performance.now() - started),
      );
    }
    return result;
  };
}

export function takeSqlStats(reset: boolean): SqlStats {
  const taken = stats;
  if (reset) stats = { statements: 0, ms: 0, byKind: {} };
  return taken;
}

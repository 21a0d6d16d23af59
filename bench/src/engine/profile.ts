// Where an action's time goes: every SQL statement Prisma sends, counted and timed at the driver
// adapter (the same for PGlite and PostgreSQL), attributed to the action being run, and grouped
// by kind (BEGIN, advisory lock, SELECT Identity, INSERT ActionEvent …). Publishing (NOTIFY on
// PostgreSQL) is timed at the event bus. Only used for one sequential profiling pass: the
// wrappers cost a little, so the throughput numbers come from unwrapped clients.
import { type Db, PrismaClient, type pgAdapterFactory } from "@trellis/db";
import type { EventBus } from "@trellis/engine";
import type { Json } from "../lib/report.ts";
import { round } from "../lib/stats.ts";

type AdapterFactory = ReturnType<typeof pgAdapterFactory>;
type Adapter = Awaited<ReturnType<AdapterFactory["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Query = Parameters<Adapter["queryRaw"]>[0];

/** A statement's kind: its verb and table, or what it is for. */
export function classify(sql: string): string {
  const text = sql.trim();
  if (/^BEGIN\b/i.test(text)) return "BEGIN";
  if (/^COMMIT\b/i.test(text)) return "COMMIT";
  if (/^ROLLBACK\b/i.test(text)) return "ROLLBACK";
  if (/pg_advisory_xact_lock/i.test(text)) return "advisory lock";
  if (/pg_notify/i.test(text)) return "NOTIFY";
  const inserted = [...text.matchAll(/\bINSERT\s+INTO\s+"?(\w+)"?/gi)].map((match) => match[1]);
  // One statement that writes several tables (a data-modifying CTE).
  if (/^WITH\b/i.test(text) && inserted.length > 1) return `INSERT ${inserted.join(" + ")}`;
  const verb = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.exec(text)?.[1]?.toUpperCase() ?? "SQL";
  const table =
    /"public"\."(\w+)"/.exec(text)?.[1] ??
    /\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?/i.exec(text)?.[1] ??
    "?";
  if (verb === "INSERT" && /ON CONFLICT/i.test(text)) return `UPSERT ${table}`;
  return `${verb} ${table}`;
}

interface Tally {
  count: number;
  ms: number;
}

interface ActionTally {
  runs: number;
  totalMs: number;
  statements: Map<string, Tally>;
}

export class Recorder {
  readonly #byAction = new Map<string, ActionTally>();
  #current: ActionTally | null = null;
  readonly #examples = new Map<string, string>();

  /** Attributes everything recorded during `fn` to one execution of `label`. */
  async measure<T>(label: string, fn: () => Promise<T>): Promise<T> {
    let tally = this.#byAction.get(label);
    if (!tally) {
      tally = { runs: 0, totalMs: 0, statements: new Map() };
      this.#byAction.set(label, tally);
    }
    this.#current = tally;
    const started = performance.now();
    try {
      return await fn();
    } finally {
      tally.runs++;
      tally.totalMs += performance.now() - started;
      this.#current = null;
    }
  }

  record(kind: string, ms: number): void {
    const tally = this.#current;
    if (!tally) return;
    const entry = tally.statements.get(kind) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += ms;
    tally.statements.set(kind, entry);
  }

  /** One SQL statement; the first statement of each kind is kept as an example. */
  timedSql<T>(sql: string, fn: () => Promise<T>): Promise<T> {
    const kind = classify(sql);
    if (!this.#examples.has(kind)) this.#examples.set(kind, sql.slice(0, 400));
    return this.timed(kind, fn);
  }

  /** An example statement per kind (what "SELECT CoachState" actually is). */
  examples(): { [kind: string]: string } {
    return Object.fromEntries(this.#examples);
  }

  async timed<T>(kind: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.record(kind, performance.now() - started);
    }
  }

  /** Per action type and overall: statements and milliseconds per action, by kind. */
  summary(): Profile {
    const actions: ProfileEntry[] = [];
    const overall: ActionTally = { runs: 0, totalMs: 0, statements: new Map() };
    for (const [label, tally] of this.#byAction) {
      actions.push(entryOf(label, tally));
      overall.runs += tally.runs;
      overall.totalMs += tally.totalMs;
      for (const [kind, entry] of tally.statements) {
        const sum = overall.statements.get(kind) ?? { count: 0, ms: 0 };
        sum.count += entry.count;
        sum.ms += entry.ms;
        overall.statements.set(kind, sum);
      }
    }
    return { overall: entryOf("all actions", overall), actions };
  }
}

interface ProfileEntry {
  label: string;
  runs: number;
  /** Wall time per action, end to end. */
  msPerAction: number;
  statementsPerAction: number;
  /** Time inside the driver (round trip + database) per action. */
  sqlMsPerAction: number;
  /** msPerAction - sqlMsPerAction: JavaScript (validation, Prisma's query compiler …). */
  otherMsPerAction: number;
  byKind: Array<{ kind: string; perAction: number; msPerAction: number }>;
}

export interface Profile {
  overall: ProfileEntry;
  actions: ProfileEntry[];
}

function entryOf(label: string, tally: ActionTally): ProfileEntry {
  const runs = Math.max(1, tally.runs);
  let statements = 0;
  let sqlMs = 0;
  const byKind: ProfileEntry["byKind"] = [];
  for (const [kind, entry] of tally.statements) {
    if (!kind.startsWith("publish")) {
      statements += entry.count;
      sqlMs += entry.ms;
    }
    byKind.push({
      kind,
      perAction: round(entry.count / runs, 2),
      msPerAction: round(entry.ms / runs, 3),
    });
  }
  byKind.sort((a, b) => b.msPerAction - a.msPerAction);
  const msPerAction = tally.totalMs / runs;
  return {
    label,
    runs: tally.runs,
    msPerAction: round(msPerAction, 3),
    statementsPerAction: round(statements / runs, 2),
    sqlMsPerAction: round(sqlMs / runs, 3),
    otherMsPerAction: round(msPerAction - sqlMs / runs, 3),
    byKind,
  };
}

export function profileToJson(profile: Profile): Json {
  const entry = (e: ProfileEntry): Json => ({
    label: e.label,
    runs: e.runs,
    msPerAction: e.msPerAction,
    statementsPerAction: e.statementsPerAction,
    sqlMsPerAction: e.sqlMsPerAction,
    otherMsPerAction: e.otherMsPerAction,
    byKind: e.byKind.map((k) => ({
      kind: k.kind,
      perAction: k.perAction,
      msPerAction: k.msPerAction,
    })),
  });
  return { overall: entry(profile.overall), actions: profile.actions.map(entry) };
}

function wrapQueryable<T extends Adapter | Transaction>(target: T, recorder: Recorder): T {
  const queryRaw = target.queryRaw.bind(target);
  const executeRaw = target.executeRaw.bind(target);
  target.queryRaw = (query: Query) => recorder.timedSql(query.sql, () => queryRaw(query));
  target.executeRaw = (query: Query) => recorder.timedSql(query.sql, () => executeRaw(query));
  return target;
}

/** A factory whose connections report every statement to the recorder. */
function instrumentFactory(factory: AdapterFactory, recorder: Recorder): AdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connectToShadowDb: () => factory.connectToShadowDb(),
    async connect() {
      const adapter = wrapQueryable(await factory.connect(), recorder);
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        // The adapter sends BEGIN itself (after taking a pooled connection).
        const tx = await recorder.timed("BEGIN (start transaction)", () =>
          startTransaction(isolationLevel),
        );
        return wrapQueryable(tx, recorder);
      };
      return adapter;
    },
  };
}

/** The same database behind an instrumented Prisma client (the raw driver is shared). */
export function instrumentedDb(db: Db, factory: AdapterFactory, recorder: Recorder): Db {
  const prisma = new PrismaClient({ adapter: instrumentFactory(factory, recorder) });
  return db.kind === "pglite" ? { ...db, prisma } : { ...db, prisma };
}

export function instrumentBus(bus: EventBus, recorder: Recorder): EventBus {
  return {
    publish: (events) => recorder.timed("publish (events to the bus)", () => bus.publish(events)),
    subscribe: (userId, listener) => bus.subscribe(userId, listener),
    onResume: (callback) => bus.onResume(callback),
    signal: (message) => bus.signal(message),
    onSignal: (listener) => bus.onSignal(listener),
    get connected() {
      return bus.connected;
    },
    close: () => bus.close(),
  };
}

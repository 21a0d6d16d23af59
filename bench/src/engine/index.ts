// Benchmark 1, engine throughput: actions per second through ActionEngine.execute with the
// real handlers, against the same rows written directly with Prisma (see workload.ts), on
// PGlite and on PostgreSQL, sequentially and with 8 users at once. The two are interleaved
// (alternating which goes first) on the same database, and the ratio is taken per pair, so
// machine noise hits both sides alike.
import { availableParallelism } from "node:os";
import { createDb, type Db, pgAdapterFactory, pgliteAdapterFactory } from "@trellis/db";
import { ActionEngine, createEventBus, type EventBus, handlers } from "@trellis/engine";
import { log } from "../lib/log.ts";
import { createBenchDatabase, postgresUnavailable } from "../lib/postgres.ts";
import type { BenchResult, Json, Row } from "../lib/report.ts";
import { median, round } from "../lib/stats.ts";
import { instrumentBus, instrumentedDb, type Profile, profileToJson, Recorder } from "./profile.ts";
import {
  ACTIONS_PER_SESSION,
  createUsers,
  directRunner,
  pipelineRunner,
  runSession,
  type StepRunner,
} from "./workload.ts";

const TARGET_RATIO = 1.3;
const CONCURRENT_USERS = 8;

interface Options {
  quick: boolean;
}

interface Mode {
  name: string;
  concurrency: number;
  usersPerSample: number;
}

interface Sample {
  pipelinePerSecond: number;
  directPerSecond: number;
  /** Pipeline time per action / direct time per action, for this pair. */
  ratio: number;
}

/** Runs every user's session, `concurrency` users at a time; returns actions per second. */
async function throughput(users: readonly string[], concurrency: number, run: StepRunner) {
  const queue = [...users];
  let actions = 0;
  const started = performance.now();
  const worker = async () => {
    for (let user = queue.shift(); user !== undefined; user = queue.shift()) {
      // Not `actions += await …`: that reads `actions` before awaiting and loses the other
      // workers' increments.
      const done = await runSession(user, run);
      actions += done;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  return actions / ((performance.now() - started) / 1000);
}

async function measureMode(
  db: Db,
  engine: ActionEngine,
  mode: Mode,
  runs: number,
): Promise<Sample[]> {
  const pipeline = pipelineRunner(engine);
  const direct = directRunner(db);
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    const pipelineUsers = await createUsers(db, mode.usersPerSample, `p${run}`);
    const directUsers = await createUsers(db, mode.usersPerSample, `d${run}`);
    let pipelinePerSecond: number;
    let directPerSecond: number;
    if (run % 2 === 0) {
      pipelinePerSecond = await throughput(pipelineUsers, mode.concurrency, pipeline);
      directPerSecond = await throughput(directUsers, mode.concurrency, direct);
    } else {
      directPerSecond = await throughput(directUsers, mode.concurrency, direct);
      pipelinePerSecond = await throughput(pipelineUsers, mode.concurrency, pipeline);
    }
    samples.push({
      pipelinePerSecond,
      directPerSecond,
      ratio: directPerSecond / pipelinePerSecond,
    });
    log(
      `  ${mode.name} run ${run + 1}/${runs}: pipeline ${pipelinePerSecond.toFixed(0)}/s, direct ${directPerSecond.toFixed(0)}/s`,
    );
  }
  return samples;
}

/** One sequential session per side through instrumented clients: statements and time by kind. */
async function profile(
  db: Db,
  bus: EventBus,
): Promise<{ pipeline: Profile; direct: Profile; examples: { [kind: string]: string } }> {
  const factory =
    db.kind === "pglite" ? pgliteAdapterFactory(db.pglite) : pgAdapterFactory(db.pool);
  const pipelineRecorder = new Recorder();
  const pipelineDb = instrumentedDb(db, factory, pipelineRecorder);
  const engine = new ActionEngine({
    db: pipelineDb,
    bus: instrumentBus(bus, pipelineRecorder),
    handlers,
  });
  const directRecorder = new Recorder();
  const directDb = instrumentedDb(db, factory, directRecorder);
  const label =
    (recorder: Recorder, run: StepRunner): StepRunner =>
    (userId, step) =>
      recorder.measure(step.type, () => run(userId, step));
  try {
    // Warm the new clients first (connection, query plans), then record.
    const [warm1, warm2] = await createUsers(db, 2, "profile-warm");
    if (warm1 && warm2) {
      await runSession(warm1, pipelineRunner(engine));
      await runSession(warm2, directRunner(directDb));
    }
    const sessions = 3;
    for (const user of await createUsers(db, sessions, "profile-pipeline")) {
      await runSession(user, label(pipelineRecorder, pipelineRunner(engine)));
    }
    for (const user of await createUsers(db, sessions, "profile-direct")) {
      await runSession(user, label(directRecorder, directRunner(directDb)));
    }
    return {
      pipeline: pipelineRecorder.summary(),
      direct: directRecorder.summary(),
      examples: { ...directRecorder.examples(), ...pipelineRecorder.examples() },
    };
  } finally {
    await pipelineDb.prisma.$disconnect();
    await directDb.prisma.$disconnect();
  }
}

/** The same rows were written both ways: compare per-user row counts of one user each. */
async function sameRows(db: Db): Promise<{ [key: string]: Json }> {
  const counts = async (lastName: string) => {
    const user = await db.prisma.user.findFirstOrThrow({
      where: { lastName },
      select: { id: true },
    });
    const where = { userId: user.id };
    const [identities, actions, events, state] = await Promise.all([
      db.prisma.identity.findMany({ where, orderBy: { order: "asc" } }),
      db.prisma.action.count({ where }),
      db.prisma.actionEvent.count({ where }),
      db.prisma.coachState.findUniqueOrThrow({ where }),
    ]);
    return {
      identities: identities.map((i) => `${i.name}/${i.state}/${i.notes.length} notes`).join(", "),
      actions,
      events,
      phase: state.phase,
      version: state.version,
    };
  };
  const pipeline = await counts("p0 0");
  const direct = await counts("d0 0");
  return { pipeline, direct, identical: JSON.stringify(pipeline) === JSON.stringify(direct) };
}

interface DbTarget {
  label: string;
  open(): Promise<{ db: Db; dispose(): Promise<void> }>;
}

const targets: DbTarget[] = [
  {
    label: "PGlite",
    async open() {
      const db = await createDb({ kind: "pglite", dataDir: "memory" });
      await db.migrate();
      return { db, dispose: () => db.close() };
    },
  },
  {
    label: "PostgreSQL",
    async open() {
      const database = await createBenchDatabase("engine");
      const db = await createDb({ kind: "postgres", url: database.url });
      try {
        await db.migrate();
      } catch (error) {
        await db.close();
        await database.drop();
        throw error;
      }
      return {
        db,
        async dispose() {
          await db.close();
          await database.drop();
        },
      };
    },
  },
];

/** Statements and milliseconds per action by kind, pipeline next to direct. */
function profileSection(label: string, profiles: { pipeline: Profile; direct: Profile }): string {
  const p = profiles.pipeline.overall;
  const d = profiles.direct.overall;
  const kinds = [...new Set([...p.byKind, ...d.byKind].map((k) => k.kind))];
  const cell = (entry: Profile["overall"], kind: string) => {
    const found = entry.byKind.find((k) => k.kind === kind);
    return found ? `${found.perAction}× ${found.msPerAction.toFixed(2)} ms` : "-";
  };
  const rows: Array<[string, string, string]> = [
    ...kinds.map((kind): [string, string, string] => [kind, cell(p, kind), cell(d, kind)]),
    [
      "all SQL statements",
      `${p.statementsPerAction}× ${p.sqlMsPerAction.toFixed(2)} ms`,
      `${d.statementsPerAction}× ${d.sqlMsPerAction.toFixed(2)} ms`,
    ],
    [
      "JavaScript outside SQL",
      `${p.otherMsPerAction.toFixed(2)} ms`,
      `${d.otherMsPerAction.toFixed(2)} ms`,
    ],
    ["wall time per action", `${p.msPerAction.toFixed(2)} ms`, `${d.msPerAction.toFixed(2)} ms`],
  ];
  const width = Math.max(...rows.map((row) => row[0].length));
  const byType = profiles.pipeline.actions
    .map((entry) => {
      const direct = profiles.direct.actions.find((other) => other.label === entry.label);
      return `${entry.label} ${entry.statementsPerAction} vs ${direct?.statementsPerAction ?? "?"}`;
    })
    .join(", ");
  return [
    `### Where the time goes: ${label}, sequential, per action (pipeline | direct)`,
    "```",
    ...rows.map(
      ([kind, pipeline, direct]) => `${kind.padEnd(width)}  ${pipeline.padEnd(18)}  ${direct}`,
    ),
    "```",
    `Statements per action type (pipeline vs direct): ${byType}.`,
  ].join("\n");
}

export async function engineBench(options: Options): Promise<BenchResult> {
  const started = performance.now();
  const runs = options.quick ? 2 : 5;
  const modes: Mode[] = [
    { name: "sequential", concurrency: 1, usersPerSample: options.quick ? 1 : 4 },
    {
      name: `${CONCURRENT_USERS} concurrent users`,
      concurrency: CONCURRENT_USERS,
      usersPerSample: CONCURRENT_USERS * (options.quick ? 1 : 2),
    },
  ];
  const rows: Row[] = [];
  const notes: string[] = [];
  const sections: string[] = [];
  const details: { [key: string]: Json } = {
    actionsPerSession: ACTIONS_PER_SESSION,
    cores: availableParallelism(),
  };
  for (const target of targets) {
    if (target.label === "PostgreSQL") {
      const why = await postgresUnavailable();
      if (why) {
        notes.push(`PostgreSQL skipped: ${why}`);
        continue;
      }
    }
    log(`engine: ${target.label}: opening and migrating a fresh database`);
    const { db, dispose } = await target.open();
    const bus = await createEventBus(db);
    try {
      const engine = new ActionEngine({ db, bus, handlers });
      const [warmPipeline, warmDirect] = await createUsers(db, 2, "warm");
      if (warmPipeline && warmDirect) {
        await runSession(warmPipeline, pipelineRunner(engine));
        await runSession(warmDirect, directRunner(db));
      }
      const targetDetails: { [key: string]: Json } = {};
      for (const mode of modes) {
        const samples = await measureMode(db, engine, mode, runs);
        const pipelinePerSecond = median(samples.map((s) => s.pipelinePerSecond));
        const directPerSecond = median(samples.map((s) => s.directPerSecond));
        const ratio = median(samples.map((s) => s.ratio));
        rows.push({
          metric: `pipeline · ${target.label} · ${mode.name}`,
          value: round(pipelinePerSecond, 1),
          unit: "actions/s",
          runs,
          baseline: { label: "direct Prisma", value: round(directPerSecond, 1) },
          ratio: round(ratio, 3),
          ratioMeaning: "cost per action",
          target: `≤ ${TARGET_RATIO}×`,
          met: ratio <= TARGET_RATIO,
        });
        targetDetails[mode.name] = {
          actionsPerSample: mode.usersPerSample * ACTIONS_PER_SESSION,
          samples: samples.map((s) => ({
            pipelinePerSecond: round(s.pipelinePerSecond, 1),
            directPerSecond: round(s.directPerSecond, 1),
            ratio: round(s.ratio, 3),
          })),
        };
      }
      log(`engine: ${target.label}: profiling statements per action`);
      const profiles = await profile(db, bus);
      targetDetails.profile = {
        pipeline: profileToJson(profiles.pipeline),
        direct: profileToJson(profiles.direct),
        exampleStatements: profiles.examples,
      };
      const rowsCheck = await sameRows(db);
      targetDetails.sameRows = rowsCheck;
      if (rowsCheck.identical !== true) {
        notes.push(
          `${target.label}: pipeline and direct wrote DIFFERENT rows (see details.sameRows)`,
        );
      }
      details[target.label] = targetDetails;
      sections.push(profileSection(target.label, profiles));
    } finally {
      await bus.close();
      await dispose();
    }
  }
  notes.push(
    `Workload: one ${ACTIONS_PER_SESSION}-action coaching session per user (get_to_know_you → anything_missing); ` +
      "ratio = pipeline time per action ÷ direct-Prisma time per action, median of interleaved pairs. " +
      "Per-action-type profiles are in results.json (engine.details.<db>.profile).",
  );
  return {
    name: "engine",
    title: "Engine throughput",
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    durationMs: performance.now() - started,
    quick: options.quick,
    rows,
    notes,
    sections,
    details,
  };
}

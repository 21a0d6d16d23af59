// Opens the database: a Prisma client on the right driver adapter, plus the raw driver for what
// Prisma does not do (raw SQL, LISTEN/NOTIFY for cross-instance events).

import { mkdir } from "node:fs/promises";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { pgAdapterFactory, pgliteAdapterFactory } from "./adapters.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import type { DbConfig, PgliteDbConfig, PostgresDbConfig } from "./config.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { applyMigrations } from "./migrations/apply.ts";
import { migrationsDir as defaultMigrationsDir } from "./paths.ts";

interface MigrateOptions {
  /** Defaults to `<repo root>/prisma/migrations`; tests point it at a copy. */
  migrationsDir?: string;
}

interface DbCommon {
  readonly prisma: PrismaClient;
  /** Applies pending migrations; returns the names of those applied now (oldest first). */
  migrate(options?: MigrateOptions): Promise<string[]>;
  /** Disconnects Prisma, then closes the driver. Safe to call more than once. */
  close(): Promise<void>;
}

export interface PgliteDb extends DbCommon {
  readonly kind: "pglite";
  /** The embedded database; it supports `listen`/`query("NOTIFY …")` within this process. */
  readonly pglite: PGlite;
  readonly dataDir: string;
}

export interface PostgresDb extends DbCommon {
  readonly kind: "postgres";
  /** The pool Prisma uses; also fine for raw SQL. Ended by `close()`. */
  readonly pool: pg.Pool;
  readonly url: string;
  /**
   * A new, not yet connected client outside the pool, for LISTEN (a listener must keep its
   * own connection). The caller connects and ends it.
   */
  createClient(): pg.Client;
}

export type Db = PgliteDb | PostgresDb;

function once(fn: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= fn();
    return closing;
  };
}

function migrator(factory: SqlMigrationAwareDriverAdapterFactory) {
  return (options: MigrateOptions = {}) =>
    applyMigrations(factory, options.migrationsDir ?? defaultMigrationsDir);
}

async function openPglite(config: PgliteDbConfig): Promise<PgliteDb> {
  const options: PGliteOptions = {};
  let unlock = async () => {};
  if (config.dataDir !== "memory") {
    await mkdir(config.dataDir, { recursive: true });
    // One process per data directory (PGlite does not lock it): a second one stops here.
    unlock = await lockDataDir(config.dataDir);
    options.dataDir = config.dataDir;
  }
  if (config.loadDataDir !== undefined) options.loadDataDir = config.loadDataDir;
  const pglite = await PGlite.create(options).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  const factory = pgliteAdapterFactory(pglite);
  const prisma = new PrismaClient({ adapter: factory });
  return {
    kind: "pglite",
    pglite,
    dataDir: config.dataDir,
    prisma,
    migrate: migrator(factory),
    close: once(async () => {
      await prisma.$disconnect();
      await pglite.close();
      await unlock();
    }),
  };
}

function newPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // An idle connection that the server drops emits "error" on the pool; unhandled, that
  // would crash the process. The pool discards the connection and opens a new one on demand.
  pool.on("error", (error) => {
    process.stderr.write(`@trellis/db: idle PostgreSQL connection lost: ${error.message}\n`);
  });
  return pool;
}

/**
 * Migrations get a pool of ONE connection, closed afterwards. The engine serializes migrations
 * (several server instances may start at once) with the session-level `pg_advisory_lock` and
 * never unlocks: it counts on its connection closing. On the shared pool the lock stayed held by
 * a pooled connection after `migrate()`, and the next migrate() waited for that connection to
 * go idle (test/migrations.test.ts checks the lock is released).
 */
async function migratePostgres(url: string, options: MigrateOptions): Promise<string[]> {
  const pool = newPool({ connectionString: url, max: 1 });
  try {
    return await migrator(pgAdapterFactory(pool))(options);
  } finally {
    await pool.end();
  }
}

function openPostgres(config: PostgresDbConfig): PostgresDb {
  const pool = newPool({ connectionString: config.url });
  const prisma = new PrismaClient({ adapter: pgAdapterFactory(pool) });
  return {
    kind: "postgres",
    pool,
    url: config.url,
    createClient: () => new pg.Client({ connectionString: config.url }),
    prisma,
    migrate: (options = {}) => migratePostgres(config.url, options),
    close: once(async () => {
      await prisma.$disconnect();
      await pool.end();
    }),
  };
}

/** Opens the configured database. It is not migrated: call `db.migrate()` (e.g. on start). */
export async function createDb(config: PgliteDbConfig): Promise<PgliteDb>;
export async function createDb(config: PostgresDbConfig): Promise<PostgresDb>;
export async function createDb(config: DbConfig): Promise<Db>;
export async function createDb(config: DbConfig): Promise<Db> {
  return config.kind === "pglite" ? openPglite(config) : openPostgres(config);
}

// @trellis/db: the Prisma client on a driver adapter (embedded PGlite or PostgreSQL), and
// migrations through the WASM schema engine. Other packages import Prisma types from here,
// never from the generated folder.

export { pgAdapterFactory, pgliteAdapterFactory } from "./adapters.ts";
export { type DbConfig, dbConfigFromEnv } from "./config.ts";
export { createDb, type Db, type PostgresDb } from "./create-db.ts";
export { DataDirLockedError } from "./data-dir-lock.ts";
export { isUniqueViolation } from "./errors.ts";
export type {
  Action,
  ActionEvent,
  ChatMessage,
  CoachState,
  Identity,
  PendingAction,
  Prompt,
  TestScenario,
  User,
  UserNote,
} from "./generated/prisma/client.ts";
export { Prisma, PrismaClient } from "./generated/prisma/client.ts";
export { applyMigrations } from "./migrations/apply.ts";
export { checkSchemaMatchesMigrations, createMigration } from "./migrations/commands.ts";
export { MigrationError } from "./migrations/errors.ts";
export { pendingMigrations } from "./migrations/status.ts";
export { migrationsDir, repoRoot, schemaPath } from "./paths.ts";

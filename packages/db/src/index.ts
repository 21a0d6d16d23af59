// @trellis/db: the Prisma client on a driver adapter (embedded PGlite or PostgreSQL), and
// migrations through the WASM schema engine. Other packages import Prisma types from here,
// never from the generated folder.

export { pgAdapterFactory, pgliteAdapterFactory } from "./adapters.ts";
export {
  type DbConfig,
  dbConfigFromEnv,
  type PgliteDbConfig,
  type PostgresDbConfig,
} from "./config.ts";
export {
  createDb,
  type Db,
  type MigrateOptions,
  type PgliteDb,
  type PostgresDb,
} from "./create-db.ts";
export { isUniqueViolation } from "./errors.ts";
export type {
  Action,
  ActionEvent,
  ApiToken,
  ChatMessage,
  CoachState,
  Identity,
  PendingAction,
  Prompt,
  TestScenario,
  TurnRecord,
  User,
  UserNote,
} from "./generated/prisma/client.ts";
export { Prisma, PrismaClient } from "./generated/prisma/client.ts";
export { applyMigrations } from "./migrations/apply.ts";
export {
  type CreatedMigration,
  checkSchemaMatchesMigrations,
  createMigration,
  type SchemaCheck,
} from "./migrations/commands.ts";
export { type DiffInput, diffSchemaAgainstMigrations } from "./migrations/diff.ts";
export { MigrationError } from "./migrations/errors.ts";
export { pendingMigrations } from "./migrations/status.ts";
export { defaultDataDir, migrationsDir, repoRoot, schemaPath } from "./paths.ts";

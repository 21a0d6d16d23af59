// Prisma driver-adapter factories for our two databases, with upstream bugs worked around.
//
// Both upstream adapters get `executeScript` (what the schema engine uses to run a migration)
// wrong; test/adapter-workarounds.test.ts shows each bug on the unpatched adapter:
// - pglite-prisma-adapter 0.7.2 does not await `exec()`, so a failing migration is recorded as
//   applied and its error surfaces later as an unhandled rejection.
// - @prisma/adapter-pg 7.10 splits the script on every `;`, which breaks string literals and
//   function bodies, and runs the pieces outside any transaction.
// Both are replaced by sending the whole script as ONE simple-protocol query: PostgreSQL runs a
// multi-statement simple query as a single implicit transaction, so a failing migration leaves
// nothing behind, exactly like the native schema engine.
//
// The wrappers patch the adapter objects the upstream factories return (instead of copying
// their methods), so anything else those adapters implement keeps working untouched.

import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

/** A PostgreSQL error as both `pg` and PGlite report it. */
interface PostgresErrorFields {
  code: string;
  severity: string;
  message: string;
  detail?: string | undefined;
  column?: string | undefined;
  hint?: string | undefined;
}

function isPostgresError(error: unknown): error is PostgresErrorFields {
  return (
    error instanceof Error &&
    "code" in error &&
    typeof error.code === "string" &&
    "severity" in error &&
    typeof error.severity === "string"
  );
}

/**
 * Database errors must reach the schema engine as DriverAdapterError so it can report the
 * PostgreSQL message ("Database error code: 42P01 …"); anything else becomes an opaque JS error.
 */
function toDriverAdapterError(error: unknown): unknown {
  if (!isPostgresError(error)) return error;
  return new DriverAdapterError({
    kind: "postgres",
    code: error.code,
    severity: error.severity,
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

function withExecuteScript<A extends SqlDriverAdapter>(
  adapter: A,
  run: (script: string) => Promise<unknown>,
): A {
  adapter.executeScript = async (script: string) => {
    try {
      await run(script);
    } catch (error) {
      throw toDriverAdapterError(error);
    }
  };
  return adapter;
}

/** Prisma adapter factory for an embedded PGlite database that we own (we open and close it). */
export function pgliteAdapterFactory(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const upstream = new PrismaPGlite(pglite);
  return {
    provider: upstream.provider,
    adapterName: upstream.adapterName,
    connect: async () =>
      withExecuteScript(await upstream.connect(), (script) => pglite.exec(script)),
    // Upstream opens a PGlite it never closes; ours is closed when the engine disposes the
    // adapter. (Our own migration tooling replays into a shadow itself; see migrations/diff.ts.)
    connectToShadowDb: async () => {
      const shadow = await PGlite.create();
      const adapter = withExecuteScript(await new PrismaPGlite(shadow).connect(), (script) =>
        shadow.exec(script),
      );
      adapter.dispose = () => shadow.close();
      return adapter;
    },
  };
}

/** Prisma adapter factory for a PostgreSQL server, on a pool that the caller owns and ends. */
export function pgAdapterFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const upstream = new PrismaPg(pool);
  const patch = (adapter: Awaited<ReturnType<PrismaPg["connect"]>>) => {
    // `pool.query(text)` without parameters uses the simple query protocol, which accepts
    // several statements in one string.
    const driver = adapter.underlyingDriver();
    return withExecuteScript(adapter, (script) => driver.query(script));
  };
  return {
    provider: upstream.provider,
    adapterName: upstream.adapterName,
    connect: async () => patch(await upstream.connect()),
    connectToShadowDb: async () => patch(await upstream.connectToShadowDb()),
  };
}

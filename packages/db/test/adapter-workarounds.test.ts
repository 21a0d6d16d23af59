// Each upstream adapter bug our factories work around (src/adapters.ts) is shown on the
// unpatched adapter first, so this file fails loudly the day upstream fixes it (then the
// workaround can go), and shows the fix on ours.

import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  MigrationError,
  pgAdapterFactory,
  pgliteAdapterFactory,
} from "../src/index.ts";
import {
  copyPrismaDir,
  createTestDb,
  LATE,
  type TempPrismaDir,
  type TestDb,
  testDatabaseKind,
} from "./helpers.ts";

const kind = testDatabaseKind();

const FAILING_MIGRATION = `${LATE}_failing`;
const FAILING_SQL = 'CREATE TABLE "Half" ("id" INTEGER);\nSELECT 1 / 0;\n';

// A `;` inside a string literal, inside a dollar-quoted function body and inside a comment.
const SEMICOLONS_MIGRATION = `${LATE}_semicolons`;
const SEMICOLONS_SQL = `-- a comment; with a semicolon
CREATE TABLE "Punctuation" ("text" TEXT NOT NULL DEFAULT 'a;b');
INSERT INTO "Punctuation" ("text") VALUES ('one; two');
CREATE FUNCTION trellis_semicolons() RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
  result TEXT;
BEGIN
  result := 'x;y';
  RETURN result;
END;
$$;
`;

async function finishedAt(db: TestDb, name: string): Promise<Date | null | undefined> {
  const rows = await db.prisma.$queryRawUnsafe<{ finished_at: Date | null }[]>(
    'SELECT finished_at FROM "_prisma_migrations" WHERE migration_name = $1',
    name,
  );
  return rows[0]?.finished_at;
}

const opened: TestDb[] = [];
async function freshDb(): Promise<TestDb> {
  const db = await createTestDb();
  opened.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.dispose()));
});

/** A scratch copy of prisma/ with one more migration, for the tests of one describe block. */
function withExtraMigration(name: string, sql: string): () => TempPrismaDir {
  let copy: TempPrismaDir | undefined;
  beforeAll(async () => {
    copy = await copyPrismaDir();
    await copy.addMigration(name, sql);
  });
  afterAll(() => copy?.remove());
  return () => {
    if (copy === undefined) throw new Error("used outside a test");
    return copy;
  };
}

describe.runIf(kind === "pglite")(
  "pglite-prisma-adapter: executeScript does not await exec()",
  () => {
    const prisma = withExtraMigration(FAILING_MIGRATION, FAILING_SQL);

    it("upstream records a failing migration as applied (the bug)", async () => {
      const db = await freshDb();
      if (db.kind !== "pglite") throw new Error("expected a PGlite test database");
      // Upstream drops the promise exec() returns; keep its rejection from surfacing as an
      // unhandled rejection (which would fail the run) and capture it instead.
      const swallowed = captureExecRejections(db.pglite);

      const applied = await applyMigrations(new PrismaPGlite(db.pglite), prisma().migrationsDir);

      expect(applied).toEqual([FAILING_MIGRATION]);
      expect(await finishedAt(db, FAILING_MIGRATION)).toBeInstanceOf(Date);
      expect(String(swallowed[0])).toContain("division by zero");
    });

    it("ours reports it as failed and does not record it as applied", async () => {
      const db = await freshDb();
      if (db.kind !== "pglite") throw new Error("expected a PGlite test database");

      const failure = applyMigrations(pgliteAdapterFactory(db.pglite), prisma().migrationsDir);

      await expect(failure).rejects.toBeInstanceOf(MigrationError);
      await expect(failure).rejects.toThrow("division by zero");
      expect(await finishedAt(db, FAILING_MIGRATION)).toBeNull();
    });
  },
);

describe.runIf(kind === "postgres")("@prisma/adapter-pg: executeScript splits on every ;", () => {
  const prisma = withExtraMigration(SEMICOLONS_MIGRATION, SEMICOLONS_SQL);

  it("upstream cannot apply a migration with ; inside literals and function bodies (the bug)", async () => {
    const db = await freshDb();
    if (db.kind !== "postgres") throw new Error("expected a PostgreSQL test database");

    const failure = applyMigrations(new PrismaPg(db.pool), prisma().migrationsDir);

    await expect(failure).rejects.toThrow(/syntax error|unterminated/i);
  });

  it("ours applies it as one script", async () => {
    const db = await freshDb();
    if (db.kind !== "postgres") throw new Error("expected a PostgreSQL test database");

    expect(await applyMigrations(pgAdapterFactory(db.pool), prisma().migrationsDir)).toEqual([
      SEMICOLONS_MIGRATION,
    ]);
    expect(await semicolonsResult(db)).toEqual({ column: "a;b", row: "one; two", fn: "x;y" });
  });
});

// Not a bug on PGlite, but the same migration must work on both databases.
describe.runIf(kind === "pglite")("semicolons on PGlite", () => {
  const prisma = withExtraMigration(SEMICOLONS_MIGRATION, SEMICOLONS_SQL);

  it("applies a migration with ; inside literals and function bodies", async () => {
    const db = await freshDb();
    expect(await db.migrate({ migrationsDir: prisma().migrationsDir })).toContain(
      SEMICOLONS_MIGRATION,
    );
    expect(await semicolonsResult(db)).toEqual({ column: "a;b", row: "one; two", fn: "x;y" });
  });
});

async function semicolonsResult(db: TestDb) {
  const rows = await db.prisma.$queryRawUnsafe<{ column: string; row: string; fn: string }[]>(
    `SELECT column_default AS "column",
            (SELECT "text" FROM "Punctuation" LIMIT 1) AS "row",
            trellis_semicolons() AS "fn"
       FROM information_schema.columns
      WHERE table_name = 'Punctuation' AND column_name = 'text'`,
  );
  const row = rows[0];
  // column_default is the SQL expression: 'a;b'::text
  return row && { ...row, column: row.column.replace(/^'(.*)'::text$/, "$1") };
}

/** Wraps `pglite.exec` so rejections nobody awaits are collected instead of going unhandled. */
function captureExecRejections(pglite: PGlite): unknown[] {
  const rejections: unknown[] = [];
  const exec = pglite.exec.bind(pglite);
  pglite.exec = (query, options) => {
    const result = exec(query, options);
    result.catch((error: unknown) => rejections.push(error));
    return result;
  };
  return rejections;
}

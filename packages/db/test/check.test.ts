import { openAsBlob } from "node:fs";
import { appendFile, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkSchemaMatchesMigrations, createMigration } from "../src/index.ts";
import { copyPrismaDir, type TempPrismaDir } from "./helpers.ts";

// The shadow database is always an in-memory PGlite, whatever database the tests target, so this
// runs in the PGlite pass only (vitest.config.ts), where the global setup's empty snapshot
// makes a shadow in ~0.5 s (a cold PGlite takes 3-5 s).
describe("db:check and db:migrate:new", () => {
  let prisma: TempPrismaDir;
  let openShadow: () => Promise<PGlite>;
  beforeAll(async () => {
    prisma = await copyPrismaDir();
    const context = inject("trellisTestDatabase");
    if (context.kind !== "pglite") throw new Error("expected the PGlite test context");
    openShadow = async () =>
      PGlite.create({ loadDataDir: await openAsBlob(context.emptySnapshot) });
  });
  afterAll(() => prisma.remove());

  it("accepts the committed schema and migrations", async () => {
    const { schemaPath, migrationsDir } = prisma;
    expect(await checkSchemaMatchesMigrations({ schemaPath, migrationsDir, openShadow })).toEqual({
      ok: true,
    });
  });

  it("detects a schema change without a migration, and a new migration fixes it", async () => {
    const { schemaPath, migrationsDir } = prisma;
    await appendFile(
      schemaPath,
      '\nmodel Extra {\n  id   String @id @default(uuid(7))\n  note String @default("a;b")\n}\n',
    );

    const check = await checkSchemaMatchesMigrations({ schemaPath, migrationsDir, openShadow });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.missingSql).toContain('CREATE TABLE "Extra"');
    expect(check.message).toContain("pnpm db:migrate:new");

    const before = await readdir(migrationsDir);
    const now = new Date("2099-01-02T03:04:05Z");
    const created = await createMigration({
      schemaPath,
      migrationsDir,
      openShadow,
      name: "Add extra!",
      now,
    });
    expect(created?.name).toBe("20990102030405_add_extra");
    expect(await readdir(migrationsDir)).toEqual([...before, "20990102030405_add_extra"].sort());
    const written = await readFile(
      join(migrationsDir, "20990102030405_add_extra", "migration.sql"),
    );
    expect(written.toString()).toBe(created?.sql);

    // The new migration replays cleanly and closes the gap; a second run has nothing to write.
    expect(
      await createMigration({ schemaPath, migrationsDir, openShadow, name: "again", now }),
    ).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb, testDatabaseKind } from "../src/index.ts";
import { urlForDatabase } from "../src/postgres-admin.ts";

describe("createTestDb", () => {
  let first: TestDb;
  let second: TestDb;
  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDb(), createTestDb()]);
  });
  afterAll(async () => {
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it("opens the kind of database TRELLIS_TEST_DATABASE asks for, already migrated", async () => {
    expect(first.kind).toBe(testDatabaseKind());
    expect(await first.migrate()).toEqual([]);
  });

  it("gives every caller its own database", async () => {
    await first.prisma.user.create({
      data: { email: "only-in-first@example.com", firstName: "F", lastName: "I" },
    });
    expect(await first.prisma.user.count()).toBe(1);
    expect(await second.prisma.user.count()).toBe(0);
  });

  it("can open a database without migrations", async () => {
    const empty = await createTestDb({ migrated: false });
    try {
      const rows = await empty.prisma.$queryRawUnsafe<{ exists: boolean }[]>(
        `SELECT to_regclass('public."User"') IS NOT NULL AS exists`,
      );
      expect(rows).toEqual([{ exists: false }]);
    } finally {
      await empty.dispose();
    }
  });
});

describe("testDatabaseKind", () => {
  it("defaults to pglite and rejects unknown values", () => {
    expect(testDatabaseKind({})).toBe("pglite");
    expect(testDatabaseKind({ TRELLIS_TEST_DATABASE: "postgres" })).toBe("postgres");
    expect(() => testDatabaseKind({ TRELLIS_TEST_DATABASE: "mysql" })).toThrow(/pglite/);
  });
});

describe("urlForDatabase", () => {
  it("swaps only the database of the admin URL", () => {
    expect(urlForDatabase("postgres://u:p@127.0.0.1:5432/postgres?sslmode=disable", "x_1")).toBe(
      "postgres://u:p@127.0.0.1:5432/x_1?sslmode=disable",
    );
  });
});

import { describe, expect, it } from "vitest";
import { definePackageTestConfig, type PackageTestOptions } from "../src/config.ts";

const PGLITE_PASS = { TRELLIS_TEST_ONCE_IN: "postgres" };
const POSTGRES_PASS = { TRELLIS_TEST_ONCE_IN: "postgres", TRELLIS_TEST_DATABASE: "postgres" };

/** The files a package's config selects: its include globs, and what it excludes of its own. */
function selected(options: PackageTestOptions, env: Record<string, string>) {
  const { include = [], exclude = [] } = definePackageTestConfig("pkg", options, env).test ?? {};
  return { include, exclude: exclude.filter((glob) => glob.startsWith("test/")) };
}

describe("definePackageTestConfig", () => {
  const server: PackageTestOptions = {
    database: true,
    onceOnly: ["test/client.test.ts"],
    pgliteOnly: ["test/lock.test.ts"],
    postgresOnly: ["test/cluster.test.ts"],
  };

  it("runs a database package in both passes, its once-only files in the PostgreSQL one", () => {
    expect(selected(server, PGLITE_PASS)).toEqual({
      include: ["test/**/*.test.ts"],
      exclude: ["test/client.test.ts", "test/cluster.test.ts"],
    });
    expect(selected(server, POSTGRES_PASS)).toEqual({
      include: ["test/**/*.test.ts"],
      exclude: ["test/lock.test.ts"],
    });
  });

  it("runs a package whose database kind is not its subject in the PostgreSQL pass only", () => {
    const browser: PackageTestOptions = { database: true, passes: "once" };
    expect(selected(browser, PGLITE_PASS).include).toEqual([]);
    expect(selected(browser, POSTGRES_PASS).include).toEqual(["test/**/*.test.ts"]);
  });

  it("runs the files of a database package that use none once, in the PGlite pass", () => {
    const mixed: PackageTestOptions = { database: true, withoutDatabase: ["test/pure.test.ts"] };
    expect(selected(mixed, PGLITE_PASS).exclude).toEqual([]);
    expect(selected(mixed, POSTGRES_PASS).exclude).toEqual(["test/pure.test.ts"]);
    expect(selected(mixed, { TRELLIS_TEST_DATABASE: "postgres" }).exclude).toEqual([]);
  });

  it("runs a package without a database in the PGlite pass only", () => {
    const pure: PackageTestOptions = { database: false };
    expect(selected(pure, PGLITE_PASS).include).toEqual(["test/**/*.test.ts"]);
    expect(selected(pure, POSTGRES_PASS).include).toEqual([]);
  });

  it("runs every file of its database kind outside pnpm test's two passes", () => {
    expect(selected(server, {})).toEqual({
      include: ["test/**/*.test.ts"],
      exclude: ["test/cluster.test.ts"],
    });
    expect(selected(server, { TRELLIS_TEST_DATABASE: "postgres" })).toEqual({
      include: ["test/**/*.test.ts"],
      exclude: ["test/lock.test.ts"],
    });
    expect(selected({ database: true, passes: "once" }, {}).include).toEqual(["test/**/*.test.ts"]);
  });

  it("refuses a pass that is not a database kind", () => {
    expect(() => definePackageTestConfig("pkg", server, { TRELLIS_TEST_ONCE_IN: "mysql" })).toThrow(
      /TRELLIS_TEST_ONCE_IN must be "pglite" or "postgres"/,
    );
  });
});

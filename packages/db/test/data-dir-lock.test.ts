// One process per PGlite data directory: a second opener (a second `pnpm start`) is refused
// with a message that says why and what to do; a lock left by a dead process is taken over.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb, DataDirLockedError } from "../src/index.ts";
import { lockDataDir } from "../src/data-dir-lock.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "trellis-lock-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("the PGlite data directory lock", () => {
  it("refuses a second holder while the first runs, and frees the directory on unlock", async () => {
    const unlock = await lockDataDir(dir);
    const refused = await lockDataDir(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect(refused instanceof DataDirLockedError && refused.pid).toBe(process.pid);
    expect(String(refused)).toContain("PostgreSQL");
    await unlock();
    const again = await lockDataDir(dir);
    await again();
  });

  it("takes over a lock left by a process that no longer runs", async () => {
    await writeFile(join(dir, "trellis.pid"), `${deadPid()}\n`);
    const unlock = await lockDataDir(dir);
    expect(await readFile(join(dir, "trellis.pid"), "utf8")).toBe(`${process.pid}\n`);
    await unlock();
  });

  it("createDb on a directory in use fails with the lock error; closing frees it", async () => {
    const first = await createDb({ kind: "pglite", dataDir: dir });
    try {
      await expect(createDb({ kind: "pglite", dataDir: dir })).rejects.toBeInstanceOf(
        DataDirLockedError,
      );
    } finally {
      await first.close();
    }
    await (await lockDataDir(dir))();
  });
});

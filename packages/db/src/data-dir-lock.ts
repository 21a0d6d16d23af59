// PGlite is an embedded database: one process may open a data directory. Two processes on one
// directory each write its files as if alone and corrupt it, and PGlite itself does not lock
// it. A lock file holding the owner's process id does: it is created exclusively, and a file
// left by a process that no longer runs (kill -9, a crash) is taken over.
import { open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

const LOCK_FILE = "trellis.pid";

export class DataDirLockedError extends Error {
  override readonly name = "DataDirLockedError";
  readonly pid: number;

  constructor(dataDir: string, pid: number) {
    super(
      `The database directory ${dataDir} is in use by another Trellis process (pid ${pid}). ` +
        "The embedded database (PGlite) is one process: stop that one first, or run several " +
        "processes on PostgreSQL (DATABASE_URL; README, Running several processes). " +
        `If no such process runs, delete ${join(dataDir, LOCK_FILE)}.`,
    );
    this.pid = pid;
  }
}

/** Locks `dataDir` for this process; the returned function unlocks it. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  // Twice at most: a stale lock is removed once, then one of two racing takers wins.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, "wx");
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return async () => {
        // Only our own lock: a process that took over a stale one keeps its own.
        if ((await ownerOf(path)) === process.pid) await rm(path, { force: true });
      };
    } catch (error) {
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
    }
    const owner = await ownerOf(path);
    if (owner !== null && isRunning(owner)) throw new DataDirLockedError(dataDir, owner);
    // Left by a process that is gone (or half written): taken over.
    await rm(path, { force: true });
  }
  throw new DataDirLockedError(dataDir, (await ownerOf(path)) ?? 0);
}

async function ownerOf(path: string): Promise<number | null> {
  const text = await readFile(path, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}

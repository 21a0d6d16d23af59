// The database the cases run in: an in-memory PGlite, loaded from a migrated snapshot cached
// under node_modules/.cache (keyed by the migrations), so a run starts in about a second
// instead of migrating a new database (5-30 s on a busy 2-core machine).
import { createHash } from "node:crypto";
import { openAsBlob } from "node:fs";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { createDb, type Db, migrationsDir, repoRoot } from "@trellis/db";

const cacheDir = join(repoRoot, "node_modules", ".cache", "trellis-evals");

export async function openScratchDb(): Promise<Db> {
  const snapshot = join(cacheDir, `migrated-${await migrationsKey()}.tar.gz`);
  if (await exists(snapshot)) {
    return createDb({ kind: "pglite", dataDir: "memory", loadDataDir: await openAsBlob(snapshot) });
  }
  const db = await createDb({ kind: "pglite", dataDir: "memory" });
  await db.migrate();
  if (db.kind === "pglite") {
    await mkdir(cacheDir, { recursive: true });
    // Written aside and renamed: a concurrent run never loads half a file.
    const part = `${snapshot}.${process.pid}`;
    await writeFile(part, (await db.pglite.dumpDataDir("gzip")).stream());
    await rename(part, snapshot);
  }
  return db;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function migrationsKey(): Promise<string> {
  const hash = createHash("sha256");
  const entries = await readdir(migrationsDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  for (const file of files.sort()) {
    hash.update(relative(repoRoot, file)).update(await readFile(file));
  }
  return hash.digest("hex").slice(0, 16);
}

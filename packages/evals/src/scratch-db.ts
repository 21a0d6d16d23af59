// The database the cases run in: an in-memory PGlite, loaded from a migrated snapshot cached
// under node_modules/.cache (keyed by the migrations), so a run starts in about a second
// instead of migrating a new database (5-30 s on a busy 2-core machine).
import { createHash } from "node:crypto";
import { openAsBlob } from "node:fs";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { phaseSchema } from "@trellis/actions";
import { PromptStore } from "@trellis/ai";
import { createDb, type Db, dbConfigFromEnv, migrationsDir, repoRoot } from "@trellis/db";
import { type EvalCase, startPhase } from "./case-schema.ts";

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

/** The app's database (DATABASE_URL, else the embedded one), migrated. */
export async function openAppDb(): Promise<Db> {
  const db = await createDb(dbConfigFromEnv());
  await db.migrate();
  return db;
}

/** Copies every prompt version of `from` into the scratch database (same versions). */
export async function copyPrompts(from: Db, to: Db): Promise<void> {
  const prompts = await from.prisma.prompt.findMany();
  await to.prisma.prompt.createMany({
    data: prompts.map(({ phase, version, body, requiredContextKeys, active }) => ({
      phase,
      version,
      body,
      requiredContextKeys,
      active,
    })),
  });
}

/** phase → the version its turns use (the pinned one, else the active one). */
export async function promptVersionsOf(
  db: Db,
  cases: readonly EvalCase[],
  pinned: number | undefined,
): Promise<Record<string, number>> {
  const store = new PromptStore(db);
  const out: Record<string, number> = {};
  for (const phase of new Set(cases.map(startPhase))) {
    const parsed = phaseSchema.safeParse(phase);
    if (parsed.success) out[phase] = (await store.forPhase(parsed.data, pinned)).version;
  }
  return out;
}

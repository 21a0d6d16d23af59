// The recorded model replies of the committed cases: one JSON file per case under
// recordings/, keyed by the canonical request's hash. A key holds one reply per trial
// recorded (a real model answers differently each time); trial n replays reply n mod count.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

const entrySchema = z.object({
  /** For a reviewer: the model, the response format or tools, the user's message. */
  about: z.string(),
  replies: z.array(z.json()).min(1),
});
const fileSchema = z.object({ entries: z.record(z.string(), entrySchema) });
type RecordingFile = z.infer<typeof fileSchema>;
type Entry = z.infer<typeof entrySchema>;

export class Recordings {
  readonly #dir: string;
  readonly #files = new Map<string, RecordingFile>();
  readonly #changed = new Set<string>();

  private constructor(dir: string) {
    this.#dir = dir;
  }

  static async load(dir: string): Promise<Recordings> {
    const recordings = new Recordings(dir);
    let names: string[] = [];
    try {
      names = (await readdir(dir)).filter((name) => name.endsWith(".json"));
    } catch {
      // No folder yet: nothing recorded.
    }
    for (const name of names) {
      const text = await readFile(join(dir, name), "utf8");
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`recordings/${name}: ${parsed.error.message}`);
      recordings.#files.set(name.slice(0, -".json".length), parsed.data);
    }
    return recordings;
  }

  /** The reply recorded for a trial, or undefined. */
  find(caseId: string, key: string, trial: number): unknown {
    const entry = this.#files.get(caseId)?.entries[key];
    if (!entry) return undefined;
    return entry.replies[trial % entry.replies.length];
  }

  /** How many replies a key holds (0 when none). */
  count(caseId: string, key: string): number {
    return this.#files.get(caseId)?.entries[key]?.replies.length ?? 0;
  }

  /** Adds a reply for the key, after those recorded before. */
  add(caseId: string, key: string, about: string, reply: Entry["replies"][number]): void {
    const file = this.#files.get(caseId) ?? { entries: {} };
    this.#files.set(caseId, file);
    const entry: Entry | undefined = file.entries[key];
    file.entries[key] = { about, replies: [...(entry?.replies ?? []), reply] };
    this.#changed.add(caseId);
  }

  /** Drops every entry of a case (a re-recording starts it anew). */
  clear(caseId: string): void {
    if (this.#files.delete(caseId)) this.#changed.add(caseId);
  }

  /** Writes the files that changed, with sorted keys so that diffs stay small. */
  async save(): Promise<string[]> {
    await mkdir(this.#dir, { recursive: true });
    const written: string[] = [];
    for (const caseId of [...this.#changed].sort()) {
      const file = this.#files.get(caseId) ?? { entries: {} };
      const entries = Object.fromEntries(
        Object.entries(file.entries).sort(([a], [b]) => a.localeCompare(b)),
      );
      await writeFile(
        join(this.#dir, `${caseId}.json`),
        `${JSON.stringify({ entries }, null, 2)}\n`,
      );
      written.push(caseId);
    }
    this.#changed.clear();
    return written;
  }
}

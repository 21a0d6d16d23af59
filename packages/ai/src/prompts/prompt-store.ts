// Versioned prompts in the database. Seeding from the repository's files adds a new version
// only when a file changed; the newest active version of a phase is used unless a version is
// pinned. Creating a version validates it first, so a broken prompt never reaches a chat.
import { type Phase, phases } from "@trellis/actions";
import type { Db, Prompt } from "@trellis/db";
import { loadPromptFiles, type PromptSource } from "./prompt-files.ts";
import { validateTemplate } from "./template.ts";

export class PromptNotFoundError extends Error {
  override readonly name = "PromptNotFoundError";
}

export interface NewPromptVersion {
  phase: Phase;
  body: string;
  requiredContextKeys: readonly string[];
  activate?: boolean;
}

export class PromptStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Adds a version for every file whose text differs from its phase's newest version. */
  async seed(sources?: readonly PromptSource[]): Promise<{ created: Prompt[] }> {
    const files = sources ?? (await loadPromptFiles());
    const missing = phases.filter((phase) => !files.some((file) => file.phase === phase));
    if (missing.length > 0)
      throw new PromptNotFoundError(`no prompt file for ${missing.join(", ")}`);
    const created: Prompt[] = [];
    for (const file of files) {
      const newest = await this.#db.prisma.prompt.findFirst({
        where: { phase: file.phase },
        orderBy: { version: "desc" },
      });
      const same =
        newest?.body === file.body &&
        newest.requiredContextKeys.join(",") === file.requiredContextKeys.join(",");
      if (same) continue;
      created.push(await this.createVersion({ ...file, activate: true }));
    }
    return { created };
  }

  async createVersion(input: NewPromptVersion): Promise<Prompt> {
    const keys = validateTemplate(input.body, input.requiredContextKeys);
    return this.#db.prisma.$transaction(async (tx) => {
      const newest = await tx.prompt.findFirst({
        where: { phase: input.phase },
        orderBy: { version: "desc" },
        select: { version: true },
      });
      const prompt = await tx.prompt.create({
        data: {
          phase: input.phase,
          version: (newest?.version ?? 0) + 1,
          body: input.body,
          requiredContextKeys: keys,
          active: false,
        },
      });
      if (input.activate === false) return prompt;
      await tx.prompt.updateMany({
        where: { phase: input.phase, NOT: { id: prompt.id } },
        data: { active: false },
      });
      return tx.prompt.update({ where: { id: prompt.id }, data: { active: true } });
    });
  }

  /** Makes one version the phase's active one. */
  async activate(phase: Phase, version: number): Promise<Prompt> {
    return this.#db.prisma.$transaction(async (tx) => {
      const prompt = await tx.prompt.findUnique({ where: { phase_version: { phase, version } } });
      if (!prompt) throw new PromptNotFoundError(`no prompt ${phase} v${version}`);
      await tx.prompt.updateMany({ where: { phase }, data: { active: false } });
      return tx.prompt.update({ where: { id: prompt.id }, data: { active: true } });
    });
  }

  async list(phase?: Phase): Promise<Prompt[]> {
    return this.#db.prisma.prompt.findMany({
      where: phase ? { phase } : {},
      orderBy: [{ phase: "asc" }, { version: "desc" }],
    });
  }

  /** The pinned version when given, else the newest active version. */
  async forPhase(phase: Phase, pinnedVersion?: number): Promise<Prompt> {
    const prompt =
      pinnedVersion === undefined
        ? await this.#db.prisma.prompt.findFirst({
            where: { phase, active: true },
            orderBy: { version: "desc" },
          })
        : await this.#db.prisma.prompt.findUnique({
            where: { phase_version: { phase, version: pinnedVersion } },
          });
    if (!prompt) {
      throw new PromptNotFoundError(
        `no ${pinnedVersion === undefined ? "active prompt" : `prompt v${pinnedVersion}`} for phase ${phase}`,
      );
    }
    return prompt;
  }
}

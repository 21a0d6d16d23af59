// The prompts shipped with the repository (packages/ai/prompts/<phase>.md), each with a small
// front matter naming its phase and the context keys it uses.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Phase, phaseSchema } from "@trellis/actions";
import type { ContextKey } from "./context-keys.ts";
import { PromptTemplateError, validateTemplate } from "./template.ts";

export interface PromptSource {
  phase: Phase;
  body: string;
  requiredContextKeys: ContextKey[];
  file: string;
}

export const defaultPromptsDir = join(import.meta.dirname, "..", "..", "prompts");

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/;

export function parsePromptFile(text: string, file: string): PromptSource {
  const match = FRONT_MATTER.exec(text.replace(/\r\n/g, "\n"));
  if (!match)
    throw new PromptTemplateError(`${file}: missing front matter (--- phase/context ---)`);
  const fields = new Map<string, string>();
  for (const line of (match[1] ?? "").split("\n")) {
    const separator = line.indexOf(":");
    if (separator > 0)
      fields.set(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
  }
  const phase = phaseSchema.safeParse(fields.get("phase"));
  if (!phase.success)
    throw new PromptTemplateError(`${file}: unknown phase '${fields.get("phase")}'`);
  const declared = (fields.get("context") ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key !== "");
  const body = (match[2] ?? "").trim();
  try {
    return { phase: phase.data, body, requiredContextKeys: validateTemplate(body, declared), file };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PromptTemplateError(`${file}: ${message}`);
  }
}

export async function loadPromptFiles(dir = defaultPromptsDir): Promise<PromptSource[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".md")).sort();
  return Promise.all(
    files.map(async (name) => parsePromptFile(await readFile(join(dir, name), "utf8"), name)),
  );
}

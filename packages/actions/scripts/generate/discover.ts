// Finds what a developer writes by hand: the definitions (packages/actions/src/catalog/*.ts)
// and the handlers (packages/engine/src/handlers/actions/*.ts). Every problem names the action
// and the file to touch.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import type { AnyActionDefinition } from "../../src/define/define-action.ts";

export interface DiscoveredDefinition {
  readonly definition: AnyActionDefinition;
  /** The exported name; its handler is exported under the same name. */
  readonly identifier: string;
  /** Relative to the repository root. */
  readonly file: string;
}

export interface DiscoveredHandler {
  readonly identifier: string;
  readonly file: string;
}

export interface Discovery {
  readonly definitions: readonly DiscoveredDefinition[];
  readonly handlers: ReadonlyMap<string, DiscoveredHandler>;
  readonly problems: readonly string[];
}

/** The files of a directory ending in `.ts`, sorted (the order of imports in generated files). */
async function sourceFiles(directory: string, skip: readonly string[]): Promise<string[]> {
  const names = await readdir(directory);
  return names.filter((name) => name.endsWith(".ts") && !skip.includes(name)).sort();
}

function isActionDefinition(value: unknown): value is AnyActionDefinition {
  return (
    typeof value === "object" &&
    value !== null &&
    "type" in value &&
    typeof value.type === "string" &&
    "params" in value &&
    value.params instanceof z.ZodObject
  );
}

export async function discover(root: string, paths: GeneratedPaths): Promise<Discovery> {
  const problems: string[] = [];
  const definitions: DiscoveredDefinition[] = [];
  const relative = (file: string) => path.relative(root, file);

  for (const name of await sourceFiles(paths.catalogDir, ["index.ts"])) {
    const file = path.join(paths.catalogDir, name);
    let exports: Record<string, unknown>;
    try {
      exports = await import(pathToFileURL(file).href);
    } catch (error) {
      // defineAction throws on an invalid definition: report it with its file.
      problems.push(`${relative(file)}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const found = Object.entries(exports).filter(([, value]) => isActionDefinition(value));
    if (found.length === 0) {
      problems.push(`${relative(file)}: exports no action (\`export const x = defineAction(…)\`)`);
    }
    for (const [identifier, definition] of found) {
      if (!isActionDefinition(definition)) continue;
      const twin = definitions.find((each) => each.definition.type === definition.type);
      if (twin !== undefined) {
        problems.push(
          `action ${definition.type}: defined twice, in ${twin.file} and ${relative(file)}`,
        );
        continue;
      }
      definitions.push({ definition, identifier, file: relative(file) });
    }
  }
  definitions.sort((a, b) => (a.definition.type < b.definition.type ? -1 : 1));

  const handlers = new Map<string, DiscoveredHandler>();
  const known = new Set(definitions.map((each) => each.definition.type));
  for (const name of await sourceFiles(paths.handlersDir, [])) {
    const file = path.join(paths.handlersDir, name);
    const source = await readFile(file, "utf8");
    for (const match of source.matchAll(/^export (?:const|(?:async )?function) (\w+)/gm)) {
      const identifier = match[1] ?? "";
      const twin = handlers.get(identifier);
      if (twin !== undefined) {
        problems.push(
          `handler ${identifier}: exported twice, in ${twin.file} and ${relative(file)}`,
        );
      }
      handlers.set(identifier, { identifier, file: relative(file) });
    }
    // A handler typed for an action that no longer exists (renamed or removed).
    for (const match of source.matchAll(/Handler<"(\w+)">/g)) {
      const type = match[1] ?? "";
      if (!known.has(type)) {
        problems.push(
          `action ${type}: ${relative(file)} has a handler for it, but no definition in ` +
            `${relative(paths.catalogDir)}/ defines it (renamed or removed?)`,
        );
      }
    }
  }
  for (const { definition, identifier, file } of definitions) {
    if (!handlers.has(identifier)) {
      const handlerFile = `${relative(paths.handlersDir)}/${path.basename(file)}`;
      problems.push(
        `action ${definition.type}: no handler. Defined in ${file}; write ` +
          `\`export const ${identifier}: Handler<"${definition.type}"> = …\` in ${handlerFile}`,
      );
    }
  }
  return { definitions, handlers, problems };
}

/** Where the hand-written inputs and the generated outputs live. */
export interface GeneratedPaths {
  readonly root: string;
  readonly catalogDir: string;
  readonly catalogIndex: string;
  readonly handlersDir: string;
  readonly handlersIndex: string;
  readonly sdkActionType: string;
  readonly docsDir: string;
}

export function generatedPaths(root: string): GeneratedPaths {
  return {
    root,
    catalogDir: path.join(root, "packages/actions/src/catalog"),
    catalogIndex: path.join(root, "packages/actions/src/catalog/index.ts"),
    handlersDir: path.join(root, "packages/engine/src/handlers/actions"),
    handlersIndex: path.join(root, "packages/engine/src/handlers/index.ts"),
    sdkActionType: path.join(root, "packages/sdk/src/action-type.ts"),
    docsDir: path.join(root, "docs/actions"),
  };
}

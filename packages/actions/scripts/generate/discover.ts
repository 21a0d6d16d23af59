// Finds what a developer writes by hand: the definitions (packages/actions/src/catalog/*.ts)
// and the handlers (packages/engine/src/handlers/actions/*.ts), one file per action in each,
// both named after the action's type (as `pnpm new-action` writes them). Every problem names
// the action or the file to touch.
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
  /** Keyed by action type. */
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

/** `nudge_user` → `nudge-user.ts`: the file name of an action's definition and of its handler. */
function actionFileName(type: string): string {
  return `${type.replaceAll("_", "-")}.ts`;
}

export async function discover(root: string, paths: GeneratedPaths): Promise<Discovery> {
  const { definitions, problems } = await discoverDefinitions(root, paths);
  const found = await discoverHandlers(root, paths, definitions);
  return { definitions, handlers: found.handlers, problems: [...problems, ...found.problems] };
}

/** One definition per file, the file named after the action's type. */
async function discoverDefinitions(
  root: string,
  paths: GeneratedPaths,
): Promise<{ definitions: DiscoveredDefinition[]; problems: string[] }> {
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
    const found = Object.entries(exports).flatMap(([identifier, value]) =>
      isActionDefinition(value) ? [{ identifier, definition: value }] : [],
    );
    if (found.length === 0) {
      problems.push(`${relative(file)}: exports no action (\`export const x = defineAction(…)\`)`);
    } else if (found.length > 1) {
      const types = found.map(({ definition }) => definition.type).join(", ");
      problems.push(
        `${relative(file)}: defines ${found.length} actions (${types}); one action per file, ` +
          "named after its type",
      );
      continue;
    }
    for (const { identifier, definition } of found) {
      const twin = definitions.find((each) => each.definition.type === definition.type);
      if (twin !== undefined) {
        problems.push(
          `action ${definition.type}: defined twice, in ${twin.file} and ${relative(file)}`,
        );
        continue;
      }
      const expected = actionFileName(definition.type);
      if (name !== expected) {
        problems.push(
          `action ${definition.type}: defined in ${relative(file)}; rename the file to ` +
            `${relative(path.join(paths.catalogDir, expected))} (files are named after the action's type)`,
        );
        continue;
      }
      definitions.push({ definition, identifier, file: relative(file) });
    }
  }
  definitions.sort((a, b) => (a.definition.type < b.definition.type ? -1 : 1));
  return { definitions, problems };
}

/** What a handler file exports: `export const|let|function|class x` and `export { x as y }`. */
function exportedNames(source: string): { names: string[]; unsupported: string[] } {
  const names: string[] = [];
  const unsupported: string[] = [];
  const declaration =
    /^export\s+(?:declare\s+)?(?:const|let|var|(?:async\s+)?function\*?|(?:abstract\s+)?class|type|interface|enum)\s+(\w+)/gm;
  for (const match of source.matchAll(declaration)) names.push(match[1] ?? "");
  for (const match of source.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)) {
    for (const part of (match[1] ?? "").split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.replace(/^type\s+/, "");
      if (name) names.push(name);
    }
  }
  for (const match of source.matchAll(/^export\s+(\*|default)\b/gm)) {
    unsupported.push(`export ${match[1]}`);
  }
  return { names, unsupported };
}

/**
 * One handler per action, in a file named like its definition's file, exporting that handler
 * (under the definition's name) and nothing else. Shared code lives outside actions/.
 */
async function discoverHandlers(
  root: string,
  paths: GeneratedPaths,
  definitions: readonly DiscoveredDefinition[],
): Promise<{ handlers: Map<string, DiscoveredHandler>; problems: string[] }> {
  const problems: string[] = [];
  const handlers = new Map<string, DiscoveredHandler>();
  const relative = (file: string) => path.relative(root, file);
  const byFileName = new Map(definitions.map((each) => [path.basename(each.file), each]));
  const byIdentifier = new Map(definitions.map((each) => [each.identifier, each]));
  const known = new Set(definitions.map((each) => each.definition.type));
  const sharedHint = `shared code goes to ${relative(path.dirname(paths.handlersDir))}/, outside actions/`;

  for (const name of await sourceFiles(paths.handlersDir, [])) {
    const file = path.join(paths.handlersDir, name);
    const source = await readFile(file, "utf8");
    // A handler typed for an action that no longer exists (renamed or removed).
    const typedFor = [...source.matchAll(/Handler<"(\w+)">/g)].map((match) => match[1] ?? "");
    const unknownTypes = typedFor.filter((type) => !known.has(type));
    for (const type of unknownTypes) {
      problems.push(
        `action ${type}: ${relative(file)} has a handler for it, but no definition in ` +
          `${relative(paths.catalogDir)}/ defines it (renamed or removed?)`,
      );
    }
    const own = byFileName.get(name);
    if (own === undefined) {
      if (unknownTypes.length === 0) {
        problems.push(
          `${relative(file)}: no action is defined in ${relative(path.join(paths.catalogDir, name))}; ` +
            `a handler file is named like its action's definition file (${sharedHint})`,
        );
      }
      continue;
    }
    const { names, unsupported } = exportedNames(source);
    for (const statement of unsupported) {
      problems.push(
        `${relative(file)}: \`${statement}\` is not allowed; export only ` +
          `\`${own.identifier}\`, the handler of ${own.definition.type}`,
      );
    }
    for (const exported of names.filter((each) => each !== own.identifier)) {
      const other = byIdentifier.get(exported);
      problems.push(
        other === undefined
          ? `${relative(file)}: exports ${exported} besides the handler of ${own.definition.type}; ` +
              `one handler per file (${sharedHint})`
          : `${relative(file)}: exports ${exported}, the handler of ${other.definition.type}; ` +
              `move it to ${relative(path.join(paths.handlersDir, path.basename(other.file)))} ` +
              "(one handler per file, named like its definition's file)",
      );
    }
    const reported = new Set(
      names.flatMap((each) => byIdentifier.get(each)?.definition.type ?? []),
    );
    const misplaced = typedFor.filter(
      (each) => known.has(each) && each !== own.definition.type && !reported.has(each),
    );
    for (const type of misplaced) {
      problems.push(
        `${relative(file)}: has a handler typed for ${type}, but the file is ${own.definition.type}'s; ` +
          `move it to ${relative(path.join(paths.handlersDir, actionFileName(type)))}`,
      );
    }
    if (names.includes(own.identifier)) {
      handlers.set(own.definition.type, { identifier: own.identifier, file: relative(file) });
    }
  }
  for (const { definition, identifier, file } of definitions) {
    if (handlers.has(definition.type)) continue;
    const handlerFile = path.join(paths.handlersDir, path.basename(file));
    const exists = await readFile(handlerFile, "utf8").then(
      () => true,
      () => false,
    );
    problems.push(
      exists
        ? `action ${definition.type}: ${relative(handlerFile)} does not export its handler; write ` +
            `\`export const ${identifier}: Handler<"${definition.type}"> = …\` there`
        : `action ${definition.type}: no handler. Defined in ${file}; write ` +
            `\`export const ${identifier}: Handler<"${definition.type}"> = …\` in ${relative(handlerFile)}`,
    );
  }
  return { handlers, problems };
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

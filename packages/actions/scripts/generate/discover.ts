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

/** Definition files that could not be registered; each is reported once, where it is found. */
interface Rejected {
  /** File names in the catalog directory (a handler file of the same name is not reported). */
  readonly files: Set<string>;
  /** Types of rejected definitions (a handler typed for one is not reported either). */
  readonly types: Set<string>;
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
  const { definitions, problems, rejected } = await discoverDefinitions(root, paths);
  const found = await discoverHandlers(root, paths, definitions, rejected);
  return { definitions, handlers: found.handlers, problems: [...problems, ...found.problems] };
}

interface LoadedDefinition extends DiscoveredDefinition {
  /** The file name in the catalog directory. */
  readonly name: string;
}

/** One definition per file, the file named after the action's type, one file per type. */
async function discoverDefinitions(
  root: string,
  paths: GeneratedPaths,
): Promise<{ definitions: DiscoveredDefinition[]; problems: string[]; rejected: Rejected }> {
  const problems: string[] = [];
  const rejected: Rejected = { files: new Set(), types: new Set() };
  const relative = (file: string) => path.relative(root, file);
  const reject = (name: string, types: readonly string[], problem: string) => {
    problems.push(problem);
    rejected.files.add(name);
    for (const type of types) rejected.types.add(type);
  };

  const loaded: LoadedDefinition[] = [];
  for (const name of await sourceFiles(paths.catalogDir, ["index.ts"])) {
    const file = path.join(paths.catalogDir, name);
    let exports: Record<string, unknown>;
    try {
      exports = await import(pathToFileURL(file).href);
    } catch (error) {
      // defineAction throws on an invalid definition: report it with its file.
      const message = error instanceof Error ? error.message : String(error);
      reject(name, [], `${relative(file)}: ${message}`);
      continue;
    }
    const found = Object.entries(exports).flatMap(([identifier, value]) =>
      isActionDefinition(value) ? [{ identifier, definition: value }] : [],
    );
    const [only] = found;
    if (only === undefined) {
      reject(
        name,
        [],
        `${relative(file)}: exports no action (\`export const x = defineAction(…)\`)`,
      );
    } else if (found.length > 1) {
      const types = found.map(({ definition }) => definition.type);
      reject(
        name,
        types,
        `${relative(file)}: defines ${found.length} actions (${types.join(", ")}); one action ` +
          "per file, named after its type",
      );
    } else {
      loaded.push({ ...only, file: relative(file), name });
    }
  }

  const definitions: DiscoveredDefinition[] = [];
  for (const [type, files] of Map.groupBy(loaded, (each) => each.definition.type)) {
    const [first, ...others] = files;
    if (first === undefined) continue;
    if (others.length > 0) {
      const where = files.map((each) => each.file);
      const times = files.length === 2 ? "twice" : `${files.length} times`;
      for (const each of files) rejected.files.add(each.name);
      rejected.types.add(type);
      problems.push(
        `action ${type}: defined ${times}, in ${where.slice(0, -1).join(", ")} and ${where.at(-1)}; ` +
          "an action is defined in one file (delete the copy, or give it a type of its own)",
      );
      continue;
    }
    const expected = actionFileName(type);
    if (first.name !== expected) {
      rejected.files.add(first.name);
      rejected.types.add(type);
      problems.push(
        `action ${type}: defined in ${first.file}; rename the file to ` +
          `${relative(path.join(paths.catalogDir, expected))} (files are named after the action's type)`,
      );
      continue;
    }
    definitions.push({
      definition: first.definition,
      identifier: first.identifier,
      file: first.file,
    });
  }
  definitions.sort((a, b) => (a.definition.type < b.definition.type ? -1 : 1));
  return { definitions, problems, rejected };
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
  rejected: Rejected,
): Promise<{ handlers: Map<string, DiscoveredHandler>; problems: string[] }> {
  const problems: string[] = [];
  const handlers = new Map<string, DiscoveredHandler>();
  const relative = (file: string) => path.relative(root, file);
  const byFileName = new Map(definitions.map((each) => [path.basename(each.file), each]));
  const byIdentifier = new Map(definitions.map((each) => [each.identifier, each]));
  const known = new Set(definitions.map((each) => each.definition.type));
  const sharedHint = `shared code goes to ${relative(path.dirname(paths.handlersDir))}/, outside actions/`;

  const renamedTo = new Map(
    definitions.flatMap(({ definition }) =>
      (definition.renamedFrom ?? []).map((old): [string, string] => [old, definition.type]),
    ),
  );
  /** Renamed actions whose handler was left under the old name (reported once, as a move). */
  const leftBehind = new Set<string>();

  for (const name of await sourceFiles(paths.handlersDir, [])) {
    const file = path.join(paths.handlersDir, name);
    const source = await readFile(file, "utf8");
    const typedFor = [...source.matchAll(/Handler<"(\w+)">/g)].map((match) => match[1] ?? "");
    const own = byFileName.get(name);
    // The handler of a definition reported as rejected: that report is the one to act on.
    if (
      own === undefined &&
      (rejected.files.has(name) || typedFor.some((t) => rejected.types.has(t)))
    ) {
      continue;
    }
    // A handler typed for an action that no longer exists (renamed or removed).
    const unknownTypes = typedFor.filter((type) => !known.has(type));
    for (const type of unknownTypes) {
      const renamed = renamedTo.get(type);
      if (renamed !== undefined) leftBehind.add(renamed);
      problems.push(staleHandlerProblem(type, relative(file), relative(paths.catalogDir), renamed));
    }
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
    if (handlers.has(definition.type) || leftBehind.has(definition.type)) continue;
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

/**
 * A handler typed for a type no definition has. Pending confirmations are stored under the type
 * they were proposed as: after a rename they apply only if the new definition lists the old
 * name in `renamedFrom`.
 */
function staleHandlerProblem(
  type: string,
  file: string,
  catalogDir: string,
  renamedTo: string | undefined,
): string {
  if (renamedTo !== undefined) {
    return (
      `action ${type}: renamed to ${renamedTo} (its definition lists "${type}" in \`renamedFrom\`), ` +
      `but ${file} still has a handler for ${type}; move it to ` +
      `${path.join(path.dirname(file), actionFileName(renamedTo))}, typed Handler<"${renamedTo}">`
    );
  }
  return (
    `action ${type}: ${file} has a handler for it, but no definition in ${catalogDir}/ defines ` +
    "it (renamed or removed?). If renamed, move the " +
    `handler to the new type's file and list "${type}" in the new definition's \`renamedFrom\`: ` +
    "confirmations still pending under the old name (open pending_action rows) then apply as " +
    'the new action; without it they fail with "Unknown action type". If removed, delete the handler.'
  );
}

/** Where the hand-written inputs and the generated outputs live. */
export interface GeneratedPaths {
  readonly root: string;
  readonly catalogDir: string;
  readonly catalogIndex: string;
  readonly handlersDir: string;
  readonly handlersIndex: string;
  readonly sdkActionType: string;
  readonly sdkDomainValues: string;
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
    sdkDomainValues: path.join(root, "packages/sdk/src/domain-values.ts"),
    docsDir: path.join(root, "docs/actions"),
  };
}

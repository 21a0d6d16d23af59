// Prompts name actions and their params in backticks (`create_identity` … a `note`). Renaming or
// removing an action or a param leaves such names behind, and nothing else would notice: the
// model is then told to call something that does not exist. This checks every backticked name
// against the catalog, for the prompt's phase.
import {
  coachActionsForPhase,
  identityCategories,
  identityStates,
  isActionType,
  type JsonObject,
  type JsonValue,
  type Phase,
  paramsJsonSchema,
  phases,
  questionKeys,
} from "@trellis/actions";
import { contextKeys } from "./context-keys.ts";

export interface PromptMentionProblem {
  readonly file: string;
  /** 1-based line in the file. */
  readonly line: number;
  readonly name: string;
  readonly message: string;
}

/** Values prompts may quote besides actions and params: the domain's constants. */
const vocabulary: ReadonlySet<string> = new Set<string>([
  ...phases,
  ...identityCategories,
  ...identityStates,
  ...questionKeys,
  ...contextKeys,
]);

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every property name in a params schema, nested ones included. */
function paramNames(schema: JsonValue, into: Set<string>): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) paramNames(item, into);
  } else if (isObject(schema)) {
    if (isObject(schema.properties)) {
      for (const [name, child] of Object.entries(schema.properties)) {
        into.add(name);
        paramNames(child, into);
      }
    }
    if (schema.items !== undefined) paramNames(schema.items, into);
    if (schema.anyOf !== undefined) paramNames(schema.anyOf, into);
  }
  return into;
}

/** Names in backticks that look like identifiers (`create_identity`, `toPhase`, `note`). */
const MENTION = /`([a-z][A-Za-z0-9_]*)`/g;

export function promptMentionProblems(
  file: string,
  phase: Phase,
  text: string,
): PromptMentionProblem[] {
  const allowed = new Set<string>(coachActionsForPhase(phase));
  const params = new Set<string>();
  for (const type of allowed) {
    if (isActionType(type)) paramNames(paramsJsonSchema(type), params);
  }
  const problems: PromptMentionProblem[] = [];
  text.split("\n").forEach((lineText, index) => {
    for (const match of lineText.matchAll(MENTION)) {
      const name = match[1] ?? "";
      let message: string | undefined;
      if (isActionType(name)) {
        if (!allowed.has(name)) message = `action ${name} is not allowed in phase ${phase}`;
      } else if (!params.has(name) && !vocabulary.has(name)) {
        message =
          `\`${name}\` is no action, no param of an action allowed in phase ${phase}, and no ` +
          "value of the domain (renamed or removed?)";
      }
      if (message !== undefined) problems.push({ file, line: index + 1, name, message });
    }
  });
  return problems;
}

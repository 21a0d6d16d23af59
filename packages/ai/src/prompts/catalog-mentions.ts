// Prompts name actions and their params in backticks (`create_identity` … a `note`). Renaming or
// removing an action or a param leaves such names behind, and nothing else would notice: the
// model is then told to call something that does not exist. This checks every backticked name
// against the catalog, for the prompt's phase.
//
// A param is checked against the action it is mentioned with: the nearest action named before
// it in the same block (a list item or a paragraph, which may wrap over several lines). So in
// "call `update_identity` with the id and `visualization`, then `accept_identity_visualization`"
// `visualization` belongs to update_identity, and "call `create_identity` with a `note`" fails
// once create_identity has no `note`, even if another action of the phase has one.
import type { ActionKit, AnyCatalog } from "@trellis/actions/kit";
import {
  identityCategories,
  identityStates,
  isJsonObject,
  type JsonValue,
  type Phase,
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

/** Every property name in a params schema, nested ones included. */
function paramNames(schema: JsonValue, into: Set<string>): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) paramNames(item, into);
  } else if (isJsonObject(schema)) {
    if (isJsonObject(schema.properties)) {
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
/** A line that starts a new block: a list item or a heading. A blank line ends one. */
const BLOCK_START = /^\s*(?:[-*+]|\d+[.)]|#{1,6})\s/;

interface Mention {
  readonly name: string;
  readonly line: number;
  /** The nearest action named before it in its block, if any. */
  readonly action: string | undefined;
}

/** Every backticked name, with its line and the action it is mentioned with. */
function mentionsOf(text: string, isAction: (name: string) => boolean): Mention[] {
  const mentions: Mention[] = [];
  let action: string | undefined;
  text.split("\n").forEach((lineText, index) => {
    if (lineText.trim() === "" || BLOCK_START.test(lineText)) action = undefined;
    for (const match of lineText.matchAll(MENTION)) {
      const name = match[1] ?? "";
      mentions.push({ name, line: index + 1, action });
      if (isAction(name)) action = name;
    }
  });
  return mentions;
}

/** Checks a prompt's mentions against `kit` (the real catalog's, or a fixture's in tests). */
export function promptMentionProblems<C extends AnyCatalog>(
  kit: ActionKit<C>,
  file: string,
  phase: Phase,
  text: string,
): PromptMentionProblem[] {
  const allowed: readonly string[] = [...kit.coachActionsForPhase(phase)].sort();
  const paramsByAction = new Map<string, ReadonlySet<string>>();
  const paramsOf = (type: string): ReadonlySet<string> => {
    let params = paramsByAction.get(type);
    if (params === undefined) {
      params = kit.isActionType(type)
        ? paramNames(kit.paramsJsonSchema(type), new Set())
        : new Set();
      paramsByAction.set(type, params);
    }
    return params;
  };

  /** Why a mention is wrong, or undefined when it is right. */
  function problemOf({ name, action }: Mention): string | undefined {
    if (kit.isActionType(name)) {
      return allowed.includes(name) ? undefined : `action ${name} is not allowed in phase ${phase}`;
    }
    if (vocabulary.has(name) || (action !== undefined && paramsOf(action).has(name))) {
      return undefined;
    }
    const owners = allowed.filter((type) => paramsOf(type).has(name));
    if (owners.length === 0) {
      return (
        `\`${name}\` is no action, no param of an action allowed in phase ${phase}, and no ` +
        "value of the domain (renamed or removed?)"
      );
    }
    if (action === undefined) {
      return (
        `\`${name}\` is a param (of ${owners.join(", ")}), but no action is named before it in ` +
        "its paragraph or list item: name the action it belongs to"
      );
    }
    return (
      `\`${name}\` is no param of ${action}, the action it is mentioned with (a param of ` +
      `${owners.join(", ")}; renamed or removed?)`
    );
  }

  return mentionsOf(text, kit.isActionType).flatMap((mention) => {
    const message = problemOf(mention);
    return message === undefined ? [] : [{ file, line: mention.line, name: mention.name, message }];
  });
}

// The context keys a prompt may use (`{{key}}`): the SDK's list (checked there against the
// keys the API accepts).
import { PROMPT_CONTEXT_KEYS, type PromptContextKey } from "@trellis/sdk";

type ContextKey = PromptContextKey;

export const CONTEXT_KEYS = PROMPT_CONTEXT_KEYS;

const known: ReadonlySet<string> = new Set(CONTEXT_KEYS);

function isContextKey(key: string): key is ContextKey {
  return known.has(key);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholders a body uses, split into known context keys and unknown names. */
export function placeholders(body: string): { keys: ContextKey[]; unknown: string[] } {
  const keys = new Set<ContextKey>();
  const unknown = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (!name) continue;
    if (isContextKey(name)) keys.add(name);
    else unknown.add(name);
  }
  return { keys: [...keys], unknown: [...unknown] };
}

// The context keys a prompt may use (`{{key}}`). The list is the server's; the check below
// fails the type-check when the API's accepted keys and this list differ.
import type { RouterInputs } from "@trellis/sdk";

type ContextKey = RouterInputs["admin"]["prompts"]["create"]["requiredContextKeys"][number];

export const CONTEXT_KEYS = [
  "userName",
  "phase",
  "identities",
  "currentIdentity",
  "identityFocus",
  "categoriesRemaining",
  "skippedCategories",
  "whoYouAre",
  "whoYouWantToBe",
  "userNotes",
  "askedQuestions",
  "remainingQuestions",
  "recentConversation",
] as const satisfies readonly ContextKey[];

type Missing = Exclude<ContextKey, (typeof CONTEXT_KEYS)[number]>;
const everyKeyListed: [Missing] extends [never] ? true : Missing = true;
void everyKeyListed;

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

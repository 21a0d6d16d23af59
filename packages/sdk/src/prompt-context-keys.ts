// The context keys a prompt may use (`{{key}}`), for an editor of prompts. The list belongs to
// the server's prompts (packages/ai), which the SDK cannot import; the checks below fail the
// type-check when the keys `admin.prompts.create` accepts and this list differ.
import type { RouterInputs } from "./router.ts";

export type PromptContextKey =
  RouterInputs["admin"]["prompts"]["create"]["requiredContextKeys"][number];

export const PROMPT_CONTEXT_KEYS = Object.freeze([
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
] as const satisfies readonly PromptContextKey[]);

type Missing = Exclude<PromptContextKey, (typeof PROMPT_CONTEXT_KEYS)[number]>;
/** Compiles only when every accepted key is listed above. */
type EveryContextKeyListed = [Missing] extends [never] ? true : Missing;
const everyKeyListed: EveryContextKeyListed = true;
void everyKeyListed;

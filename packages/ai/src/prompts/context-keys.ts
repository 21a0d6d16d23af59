// The context a prompt may use. A prompt declares the keys it needs; an unknown key, or a
// placeholder that is not declared, fails when prompts are seeded or created, never mid-chat.

export const contextKeys = [
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
] as const;

export type ContextKey = (typeof contextKeys)[number];

/** Every key rendered to text: templates only ever receive strings. */
export type PromptContext = Record<ContextKey, string>;

export function isContextKey(key: string): key is ContextKey {
  return contextKeys.some((known) => known === key);
}

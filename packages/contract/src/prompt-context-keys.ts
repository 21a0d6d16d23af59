// The context keys a prompt may use (`{{key}}`), written once: the server's prompts check their
// templates against them and the SDK lists them for an editor of prompts. Its own entry
// (`@trellis/contract/prompt-context-keys`), so that a client bundle takes this and nothing else
// of the contract.

export const promptContextKeys = Object.freeze([
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
] as const);

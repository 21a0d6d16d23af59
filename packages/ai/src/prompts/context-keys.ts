// The context a prompt may use. A prompt declares the keys it needs; an unknown key, or a
// placeholder that is not declared, fails when prompts are seeded or created, never mid-chat.
// The keys themselves are the contract's: the SDK lists the same ones for clients.
import { promptContextKeys } from "@trellis/contract/prompt-context-keys";

export const contextKeys = promptContextKeys;

export type ContextKey = (typeof contextKeys)[number];

/** Every key rendered to text: templates only ever receive strings. */
export type PromptContext = Record<ContextKey, string>;

export function isContextKey(key: string): key is ContextKey {
  return contextKeys.some((known) => known === key);
}

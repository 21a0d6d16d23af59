// The context keys a prompt may use (`{{key}}`), for an editor of prompts: the contract's list,
// the one the server's prompts (packages/ai) check templates against. The checks below fail the
// type-check when the keys `admin.prompts.create` accepts and this list differ.
import { promptContextKeys } from "@trellis/contract/prompt-context-keys";
import type { RouterInputs } from "./router.ts";

export type PromptContextKey =
  RouterInputs["admin"]["prompts"]["create"]["requiredContextKeys"][number];

export const PROMPT_CONTEXT_KEYS = promptContextKeys satisfies readonly PromptContextKey[];

type Missing = Exclude<PromptContextKey, (typeof PROMPT_CONTEXT_KEYS)[number]>;
/** Compiles only when every accepted key is in the contract's list. */
type EveryContextKeyListed = [Missing] extends [never] ? true : Missing;
const everyKeyListed: EveryContextKeyListed = true;
void everyKeyListed;

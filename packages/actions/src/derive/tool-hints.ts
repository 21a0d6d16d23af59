import type { AnyActionDefinition } from "../define/define-action.ts";

/** MCP's tool annotations (behaviour hints for agents), as the definition implies them. */
export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * What an agent should know before calling an action. Derived: no action is read-only (each
 * one writes its audit row and changes the user's data) and none reaches outside Trellis (it
 * acts on the user's own records only). Declared where nothing else tells: `effect`, read
 * cautiously when absent (it may change what exists; running it twice may do more).
 */
export function toolHints(definition: AnyActionDefinition): ToolHints {
  return {
    readOnlyHint: false,
    destructiveHint: definition.effect?.destructive ?? true,
    idempotentHint: definition.effect?.idempotent ?? false,
    openWorldHint: false,
  };
}

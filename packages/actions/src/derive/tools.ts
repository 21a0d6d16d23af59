import type { JsonObject } from "../schema/json.ts";

/** A tool in the OpenAI chat-completions shape. */
export interface ToolDefinition {
  readonly type: "function";
  readonly function: {
    readonly name: string;
    readonly description: string;
    readonly parameters: JsonObject;
    readonly strict: true;
  };
}

export interface ToolAction {
  readonly type: string;
  readonly description: string;
  readonly strictParams: JsonObject;
}

/** OpenAI's rule for function names. */
export const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** One strict tool per action; the action type is the tool name. */
export function buildToolDefinitions(actions: readonly ToolAction[]): ToolDefinition[] {
  return actions.map((action) => {
    if (!toolNamePattern.test(action.type)) {
      throw new Error(`Action type "${action.type}" is not a valid tool name`);
    }
    return {
      type: "function",
      function: {
        name: action.type,
        description: action.description,
        parameters: action.strictParams,
        strict: true,
      },
    };
  });
}

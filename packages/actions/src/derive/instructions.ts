import { limits } from "../limits.ts";
import { type JsonObject, prettyJson } from "../schema/json.ts";

interface InstructionAction {
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly confirmation: boolean;
  readonly strictParams: JsonObject;
}

/**
 * - "response_format": the model answers with the JSON object of `responseJsonSchema(phase)`;
 *   each action's parameters are shown as their JSON Schema.
 * - "tools": the model writes its message as text and calls one tool per action; the schemas
 *   travel with the tool definitions, so they are not repeated here.
 */
export type InstructionsMode = "response_format" | "tools";

export interface InstructionsInput {
  readonly phase: string;
  readonly actions: readonly InstructionAction[];
  readonly transitions: readonly string[];
  readonly mode: InstructionsMode;
}

/**
 * The action part of a phase prompt. Plain text with literal JSON in it: it must be inserted
 * into a prompt as a value, never run through a template formatter (braces are data here).
 */
export function renderActionInstructions({
  phase,
  actions,
  transitions,
  mode,
}: InstructionsInput): string {
  const sections = [
    `# Actions\n\nCurrent phase: \`${phase}\`. Besides your message to the user, you can change the user's coaching state with the actions below.`,
    mode === "response_format" ? responseFormatSection() : toolsSection(),
    transitionsSection(phase, transitions),
    `## Available actions\n\n${actions.map((action) => actionSection(action, mode)).join("\n\n")}`,
  ];
  return `${sections.join("\n\n")}\n`;
}

function responseFormatSection(): string {
  return [
    "## Response format",
    "",
    "Reply with exactly one JSON object and nothing else: no code fences, no text around it, never a second copy.",
    "",
    '{"message": "<your message to the user>", "actions": [{"type": "<action type>", "params": {}}]}',
    "",
    "- `actions` is an ordered list and is applied in that order; use [] when there is nothing to do. The same action may appear more than once.",
    `- At most ${limits.actionsPerResponse} actions per response.`,
    "- `params` must contain every parameter of the action. Set an optional parameter you do not use to null.",
    "- Only the actions listed below are allowed in this phase.",
  ].join("\n");
}

function toolsSection(): string {
  return [
    "## How to act",
    "",
    "Write your message to the user as the text of your reply. To take an action, call the tool of the same name; calls are applied in the order you make them, and a tool may be called more than once. Set an optional parameter you do not use to null. Only the tools listed below are available in this phase.",
  ].join("\n");
}

function transitionsSection(phase: string, transitions: readonly string[]): string {
  const body =
    transitions.length === 0
      ? `\`${phase}\` is the last phase: there is no phase to move on to.`
      : `From \`${phase}\` you may move to ${transitions.map((target) => `\`${target}\``).join(" or ")} with \`transition_phase\`; no other phase can be reached from here.`;
  return `## Phase transitions\n\n${body}`;
}

function actionSection(action: InstructionAction, mode: InstructionsMode): string {
  const parts = [`### \`${action.type}\`: ${action.title}`, action.description];
  if (action.confirmation) {
    parts.push(
      "Needs the user's confirmation: it is shown to the user as a proposal and applied only if they approve.",
    );
  }
  if (mode === "response_format") {
    parts.push(
      `Parameters (JSON Schema):\n\n\`\`\`json\n${prettyJson(action.strictParams)}\n\`\`\``,
    );
  }
  return parts.join("\n\n");
}

import { prettyJson } from "../schema/json.ts";
import type { ActionDoc, DocsModel, PhaseDoc } from "./model.ts";

export interface DocsFile {
  /** Relative to the docs folder, e.g. `README.md`, `create_identity.md`. */
  readonly path: string;
  readonly content: string;
}

const GENERATED = "<!-- Generated from packages/actions by `pnpm generate`. Do not edit. -->";

/**
 * Markdown for the docs model: README.md (overview, phase × action matrix, phase graph) and one
 * page per action. Pure and deterministic (order comes from the model), so `generate:check` can
 * compare byte for byte.
 */
export function renderDocs(model: DocsModel): DocsFile[] {
  return [
    { path: "README.md", content: renderReadme(model) },
    ...model.actions.map((action) => ({
      path: `${action.type}.md`,
      content: renderAction(action),
    })),
  ];
}

function renderReadme(model: DocsModel): string {
  return joinBlocks([
    GENERATED,
    "# Actions",
    "Every action the coach (or the user, or the system) can take, derived from the definitions in `packages/actions/src/catalog`. " +
      "Actions marked *confirmation* are not applied when the coach proposes them: the user approves or rejects them first. " +
      "The domain they act on (entities, phases, the rules across actions) is described in [../domain.md](../domain.md).",
    "## Overview",
    table(
      ["Type", "Title", "Invokers", "Confirmation", "Phases"],
      model.actions.map((action) => [
        `[\`${action.type}\`](${action.type}.md)`,
        escapeCell(action.title),
        action.invokers.join(", "),
        action.confirmation ? "yes" : "no",
        action.phases.length === 0 ? "—" : action.phases.map((phase) => `\`${phase}\``).join(", "),
      ]),
    ),
    "## Phases × actions",
    "Which actions the coach may use in each phase (✓).",
    phaseMatrix(model),
    "## Phase graph",
    "Allowed `transition_phase` moves. Dashed arrows go back to an earlier phase.",
    phaseGraph(model.phases),
    "## Limits",
    table(
      ["Limit", "Value"],
      Object.entries(model.limits).map(([name, value]) => [`\`${name}\``, String(value)]),
    ),
  ]);
}

function phaseMatrix(model: DocsModel): string {
  const header = ["Action", ...model.phases.map((phase) => `\`${phase.phase}\``)];
  const rows = model.actions
    .filter((action) => action.phases.length > 0)
    .map((action) => [
      `\`${action.type}\``,
      ...model.phases.map((phase) => (phase.actions.includes(action.type) ? "✓" : "")),
    ]);
  return table(header, rows);
}

function phaseGraph(phases: readonly PhaseDoc[]): string {
  const position = new Map(phases.map((phase) => [phase.phase, phase.position]));
  const lines = ["```mermaid", "flowchart TD"];
  for (const phase of phases)
    lines.push(`  ${phase.phase}["${phase.position + 1}. ${phase.phase}"]`);
  for (const phase of phases) {
    for (const target of phase.transitions) {
      const back = (position.get(target) ?? 0) < phase.position;
      lines.push(`  ${phase.phase} ${back ? "-.->" : "-->"} ${target}`);
    }
  }
  lines.push("```");
  return lines.join("\n");
}

function renderAction(action: ActionDoc): string {
  const blocks = [
    GENERATED,
    `# \`${action.type}\`: ${action.title}`,
    action.description,
    table(
      ["", ""],
      [
        ["Constant", `\`ActionType.${action.constant}\``],
        ["Icon", `\`${action.icon}\``],
        ["Invokers", action.invokers.join(", ")],
        [
          "Needs confirmation",
          action.confirmation ? "yes: the user approves it before it is applied" : "no",
        ],
        [
          "Phases",
          action.phases.length === 0
            ? "none (not available to the coach)"
            : action.phases.map((phase) => `\`${phase}\``).join(", "),
        ],
        [
          "References",
          action.references.length === 0
            ? "none"
            : action.references.map((ref) => `\`${ref.path}\` → ${ref.kind}`).join(", "),
        ],
      ],
    ),
    "## Parameters",
    "JSON Schema of the parameters as callers send them; optional parameters may be left out.",
    jsonBlock(action.params),
    "## Parameters as the model sends them (strict)",
    "The form used in the model's response schema and tool definition: every key is required, optional ones are nullable (null means absent), and limits strict mode cannot enforce are stated in the descriptions.",
    jsonBlock(action.strictParams),
    "## Result",
    "What the handler returns as `result`, next to a one-line `summary`.",
    jsonBlock(action.result),
  ];
  return joinBlocks(blocks);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function jsonBlock(value: Parameters<typeof prettyJson>[0]): string {
  return `\`\`\`json\n${prettyJson(value)}\n\`\`\``;
}

/** Blocks separated by one blank line; exactly one trailing newline. */
function joinBlocks(blocks: readonly string[]): string {
  return `${blocks.join("\n\n")}\n`;
}

// The coaching phases in the order a session walks them (docs/domain.md, "Phases"). The SDK
// exports the Phase type, not the list; the checks below fail the type-check when a phase is
// added to or removed from the catalog and not here.
import type { Phase } from "@trellis/sdk";

export const PHASES = [
  "introduction",
  "get_to_know_you",
  "identity_warm_up",
  "identity_brainstorming",
  "brainstorming_review",
  "identity_refinement",
  "anything_missing",
  "identity_commitment",
  "i_am_statement",
  "identity_visualization",
] as const satisfies readonly Phase[];

type Missing = Exclude<Phase, (typeof PHASES)[number]>;
const everyPhaseListed: [Missing] extends [never] ? true : Missing = true;
void everyPhaseListed;

/** "identity_warm_up" → "Identity warm up". */
export function label(value: string): string {
  const words = value.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

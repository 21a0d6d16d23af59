// The coaching phases in the order a session walks them, and their titles: the SDK's (generated
// from the catalog), never a copy kept here.
import { PHASES as PHASE_ENTRIES, type Phase, phaseTitle } from "@trellis/sdk";

export const PHASES: readonly Phase[] = PHASE_ENTRIES.map((entry) => entry.phase);

export { phaseTitle };

/** "identity_warm_up" → "Identity warm up" (for values the catalog gives no title). */
export function label(value: string): string {
  const words = value.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

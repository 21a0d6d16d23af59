/**
 * Generates, or checks, everything registered from the hand-written definitions and handlers:
 * the catalog (src/catalog/index.ts), the engine's handler map, the SDK's ActionType constants
 * and the docs (docs/actions).
 *   node scripts/generate.ts generate   write what changed, delete stale docs
 *   node scripts/generate.ts check      exit 1 listing stale, missing and extra files (CI)
 *   node scripts/generate.ts sync       check when CI is set, generate otherwise (typecheck/build)
 * A definition without a handler (or the reverse) fails both, naming the action and the file.
 * An action that disappears without another listing it in `renamedFrom` is warned about: its
 * pending confirmations, if any, would no longer apply.
 */
import path from "node:path";
import { planGeneration, writePlan } from "./generate/plan.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const requested = process.argv[2];
const mode = requested === "sync" ? (process.env.CI ? "check" : "generate") : requested;

if (mode !== "generate" && mode !== "check") {
  console.error("usage: node scripts/generate.ts generate|check|sync");
  process.exitCode = 2;
} else {
  const plan = await planGeneration(root);
  for (const warning of plan.warnings) console.error(`warning: ${warning}`);
  if (plan.problems.length > 0) {
    console.error(plan.problems.join("\n"));
    process.exitCode = 1;
  } else if (mode === "generate") {
    const written = await writePlan(plan);
    console.log(`generated: ${plan.files.length} files up to date (${written.length} written)`);
  } else if (plan.stale.length > 0) {
    console.error(plan.stale.join("\n"));
    console.error("Run `pnpm generate` to update them.");
    process.exitCode = 1;
  } else {
    console.log(`generated: ${plan.files.length} files up to date`);
  }
}

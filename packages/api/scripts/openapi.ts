/**
 * Writes, or checks, docs/openapi.json: the OpenAPI document the server serves at
 * `/openapi.json`, computed from the router, the catalog and the contract.
 *   node scripts/openapi.ts generate   write it when it changed
 *   node scripts/openapi.ts check      exit 1 when the checked-in file is stale (CI)
 *   node scripts/openapi.ts sync       check when CI is set, generate otherwise
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openApiDocument } from "../src/openapi/document.ts";

const file = path.resolve(import.meta.dirname, "../../../docs/openapi.json");
const requested = process.argv[2];
const mode = requested === "sync" ? (process.env.CI ? "check" : "generate") : requested;

function current(): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

if (mode !== "generate" && mode !== "check") {
  console.error("usage: node scripts/openapi.ts generate|check|sync");
  process.exitCode = 2;
} else {
  const text = `${JSON.stringify(openApiDocument(), null, 2)}\n`;
  const fresh = current() === text;
  if (mode === "generate") {
    if (!fresh) writeFileSync(file, text);
    console.log(`openapi: docs/openapi.json up to date${fresh ? "" : " (written)"}`);
  } else if (!fresh) {
    console.error("docs/openapi.json is stale: run `pnpm generate` to update it.");
    process.exitCode = 1;
  } else {
    console.log("openapi: docs/openapi.json up to date");
  }
}

// After `vite build`: the browser bundle must hold no server code. Fails the build when a
// chunk contains a marker of a server-side module (Prisma, PGlite, pg, the engine, Node
// built-ins, OpenAI's SDK, zod schemas of the catalog) and prints the JS size per chunk.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const assets = join(import.meta.dirname, "..", "dist", "assets");

/** Strings that appear only in server-side code; each names what it betrays. */
const SERVER_MARKERS: Record<string, string> = {
  PrismaClient: "the Prisma client",
  "@prisma/": "Prisma",
  PGlite: "PGlite",
  "pg-boss": "pg-boss",
  "node:fs": "a Node built-in",
  "node:crypto": "a Node built-in",
  "node:http": "a Node built-in",
  ActionEngine: "the action engine",
  "api.openai.com": "the OpenAI SDK",
  ZodError: "zod (the catalog's schemas)",
};

const files = readdirSync(assets).filter((file) => file.endsWith(".js"));
const problems: string[] = [];
let total = 0;
for (const file of files) {
  const code = readFileSync(join(assets, file));
  const text = code.toString("utf8");
  for (const [marker, what] of Object.entries(SERVER_MARKERS)) {
    if (text.includes(marker)) problems.push(`${file} contains "${marker}" (${what})`);
  }
  const gzip = gzipSync(code).length;
  total += gzip;
  console.log(
    `  ${file.padEnd(40)} ${(code.length / 1024).toFixed(1).padStart(7)} KB  gzip ${(gzip / 1024).toFixed(1).padStart(6)} KB`,
  );
}
console.log(`  all JavaScript, gzip: ${(total / 1024).toFixed(1)} KB`);
if (problems.length > 0) {
  console.error(`Server code in the browser bundle:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}

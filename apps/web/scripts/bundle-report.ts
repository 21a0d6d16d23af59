// What the built app ships: each JavaScript chunk's size (raw and gzip) and any server-side
// code found in it. Used after `vite build` (scripts/check-bundle.ts) and by the tests.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

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

export interface Chunk {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Server-side code found in it, in words. */
  serverCode: string[];
}

/** The JavaScript chunks of a build (`dist/`, or another outDir). */
export function bundleReport(outDir: string): Chunk[] {
  const assets = join(outDir, "assets");
  return readdirSync(assets)
    .filter((file) => file.endsWith(".js"))
    .map((file) => {
      const code = readFileSync(join(assets, file));
      const text = code.toString("utf8");
      return {
        file,
        bytes: code.byteLength,
        gzipBytes: gzipSync(code, { level: 9 }).byteLength,
        serverCode: Object.entries(SERVER_MARKERS)
          .filter(([marker]) => text.includes(marker))
          .map(([marker, what]) => `"${marker}" (${what})`),
      };
    });
}

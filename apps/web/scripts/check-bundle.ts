// After `vite build`: prints each chunk's size and fails when a chunk holds server-side code.
import { join } from "node:path";
import { bundleReport } from "./bundle-report.ts";

const chunks = bundleReport(join(import.meta.dirname, "..", "dist"));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(9);
for (const chunk of chunks) {
  console.log(`  ${chunk.file.padEnd(36)} ${kb(chunk.bytes)}  gzip ${kb(chunk.gzipBytes)}`);
}
const total = chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
console.log(`  all JavaScript, gzip: ${kb(total).trim()}`);
const problems = chunks.flatMap((chunk) =>
  chunk.serverCode.map((what) => `${chunk.file}: ${what}`),
);
if (problems.length > 0) {
  console.error(`Server code in the browser bundle:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}

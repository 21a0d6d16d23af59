// After test/screenshots.test.ts: copies the main screens' pictures (main-*.png) from
// .test-results/screenshots/ into docs/screenshots/, where the README shows them.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

const from = join(import.meta.dirname, "..", ".test-results", "screenshots");
const to = join(import.meta.dirname, "..", "..", "..", "docs", "screenshots");
mkdirSync(to, { recursive: true });
const pictures = readdirSync(from).filter((file) => /^main-.*\.png$/.test(file));
if (pictures.length === 0) {
  console.error(`No main-*.png in ${from}: run test/screenshots.test.ts first.`);
  process.exit(1);
}
for (const file of pictures) copyFileSync(join(from, file), join(to, file));
console.log(`Copied ${pictures.length} screenshots to docs/screenshots/.`);

// pnpm --filter @trellis/sdk run size — the SDK's bundle size (minified and gzipped) against
// the floor (@trpc/client + superjson alone, wired the same way).
import { bundleFloor, bundleSdk } from "./bundle.ts";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const [sdk, floor] = await Promise.all([bundleSdk(), bundleFloor()]);
const ours = sdk.inputs.filter((input) => !input.includes("node_modules"));
const foreign = sdk.inputs.filter((input) =>
  /\/(zod|@prisma|@trellis\/(api|actions))\//.test(input),
);

console.log("@trellis/sdk bundle (esbuild, browser, minified)");
console.log(`  sdk:   ${kb(sdk.bytes)} minified, ${kb(sdk.gzipBytes)} gzip`);
console.log(
  `  floor: ${kb(floor.bytes)} minified, ${kb(floor.gzipBytes)} gzip  (@trpc/client + superjson)`,
);
console.log(
  `  sdk - floor: +${sdk.bytes - floor.bytes} B minified, +${sdk.gzipBytes - floor.gzipBytes} B gzip`,
);
console.log(`  our modules in the bundle: ${ours.join(", ")}`);
console.log(
  `  zod / Prisma / server modules in the bundle: ${foreign.length === 0 ? "none" : foreign.join(", ")}`,
);
if (foreign.length > 0) process.exitCode = 1;

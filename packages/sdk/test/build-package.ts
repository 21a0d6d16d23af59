// `pnpm build` for the SDK, as a test needs it: turbo builds each workspace package's
// declarations the SDK inlines (dependencies first), then the SDK's package (tsdown:
// dist/index.js and the one declaration file). Under `pnpm test` the type-check step has built
// them already, so turbo replays its cache; alone, it builds what changed.
import { spawnSync } from "node:child_process";
import path from "node:path";

export const sdkDir = path.resolve(import.meta.dirname, "..");
export const workspaceDir = path.resolve(sdkDir, "..", "..");

export function buildPackage(): void {
  const result = spawnSync(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@trellis/sdk", "--output-logs=errors-only"],
    { cwd: workspaceDir, encoding: "utf8" },
  );
  if (result.status !== 0) {
    throw new Error(
      `turbo run build --filter=@trellis/sdk failed:\n${result.stdout}${result.stderr}`,
    );
  }
}

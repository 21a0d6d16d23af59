// pnpm release [--dry-run]: builds, then publishes every public package whose version is not on
// the registry yet (`changeset publish`, which runs `pnpm publish`, so `catalog:` and
// `workspace:` become real versions). Versions and changelogs come first, from the changesets:
// `pnpm changeset version`. With --dry-run: what would be published (name, version, dist-tag
// and each tarball's contents), with nothing uploaded.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

interface PlanEntry {
  kind: string;
  name: string;
  version: string;
  tag: string;
}

function run(command: string, args: readonly string[]): void {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("pnpm", ["build"]);
if (!process.argv.includes("--dry-run")) {
  run("pnpm", ["exec", "changeset", "publish"]);
} else {
  const planFile = path.join(mkdtempSync(path.join(tmpdir(), "trellis-release-")), "plan.json");
  run("pnpm", ["exec", "changeset", "publish-plan", "--output", planFile]);
  const { plan }: { plan: PlanEntry[][] } = JSON.parse(readFileSync(planFile, "utf8"));
  const published = plan.flat().filter((entry) => entry.kind === "publish");
  for (const { name } of published) run("pnpm", ["--filter", name, "pack", "--dry-run"]);
  console.log(
    published.length === 0
      ? "\nDry run: nothing to publish (every public version is on the registry)."
      : `\nDry run: would publish ${published.map((p) => `${p.name}@${p.version} (${p.tag})`).join(", ")}; nothing was uploaded.`,
  );
}

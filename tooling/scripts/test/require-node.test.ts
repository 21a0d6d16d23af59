// `pnpm start` on the wrong Node says "Node 24 required" and how to get it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { nodeProblem } from "../src/require-node.mjs";

const script = fileURLToPath(new URL("../src/require-node.mjs", import.meta.url));

describe("require-node", () => {
  it("names Node 24 and the .toolchain bootstrap to any other Node", () => {
    for (const version of ["v20.20.0", "v22.18.0", "v25.1.0"]) {
      const problem = nodeProblem(version);
      expect(problem).toContain(`Node 24 required (this is Node ${version})`);
      expect(problem).toContain("npm install --prefix .toolchain");
    }
  });

  it("accepts Node 24, and the script passes on it", () => {
    expect(nodeProblem("v24.21.0")).toBeNull();
    const run = spawnSync(process.execPath, [script], { encoding: "utf8" });
    expect(process.version.startsWith("v24.")).toBe(true);
    expect([run.status, run.stderr]).toEqual([0, ""]);
  });
});

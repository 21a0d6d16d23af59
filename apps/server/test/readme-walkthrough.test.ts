// The README's curl walkthrough runs as written: its two shell blocks (setup from
// .data/demo.json, then the calls), with bash, curl and jq, against the test server.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, seedPending, startHarness, type TestUser } from "./support.ts";

const readme = readFileSync(path.resolve(import.meta.dirname, "../../../README.md"), "utf8");
const MARKER =
  "<!-- The two blocks below run as written in apps/server/test/readme-walkthrough.test.ts. -->";

/** The two shell blocks after the marker. */
function walkthrough(): string[] {
  const after = readme.slice(readme.indexOf(MARKER));
  const blocks = [...after.matchAll(/```sh\n([\s\S]*?)```/g)].slice(0, 2).map((m) => m[1] ?? "");
  return blocks;
}

function bash(script: string, cwd: string): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    // Asynchronous: the server answering these requests runs in this process.
    execFile("bash", ["-euo", "pipefail", "-c", script], { cwd }, (error, stdout, stderr) => {
      resolve({ status: error ? 1 : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe("the README's curl walkthrough", () => {
  let h: Harness;
  let user: TestUser;
  let dir: string;

  beforeAll(async () => {
    h = await startHarness();
    user = await h.newUser({ firstName: "Walker" });
    dir = mkdtempSync(path.join(tmpdir(), "trellis-walkthrough-"));
    mkdirSync(path.join(dir, ".data"));
    writeFileSync(
      path.join(dir, ".data/demo.json"),
      JSON.stringify({ url: h.url, token: user.token, userId: user.userId }),
    );
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await h.dispose();
  });

  it("is there, and runs as written: state, an approval, an action, the coach, the log, an error", async () => {
    const [setup, calls] = walkthrough();
    expect(setup).toContain(".data/demo.json");
    expect(calls).toContain("/api/pending/approve");
    await seedPending(h, user.userId);
    const { status, output } = await bash(`${setup}\n${calls}`, dir);
    expect(output).not.toMatch(/curl: \(\d+\)|jq: error|parse error/);
    expect(status).toBe(0);
    expect(output).toContain("/api/actions/execute\n");
    expect(output).toContain('"firstName": "Walker"');
    expect(output).toMatch(/"createdAt": "\d{4}-\d\d-\d\dT/);
    expect(output).toContain('"phase": "i_am_statement"');
    expect(output).toContain('"Suggest \\"I am\\" statement"');
    expect(output).toMatch(/"status": "completed",\s*"summary": "[^"]*statement/i);
    expect(output).toContain("update_who_you_are is not allowed in phase i_am_statement");
    expect(output).toMatch(/suggest_i_am_statement completed/);
    expect(output).toContain('{"code":"UNAUTHORIZED","httpStatus":401');
    // The approval applied the proposal: the identity has its statement.
    const identity = await h.db.prisma.identity.findFirstOrThrow({
      where: { userId: user.userId },
    });
    expect(identity.iAmStatement).toBe("I am a runner who runs at dawn.");
  });
});

// Prompt versions through the admin procedures: create (validated), activate, list, and a
// chat that uses the active version or a pinned one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, type Harness, startHarness, type TestUser } from "./support.ts";

let h: Harness;
let admin: TestUser;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.newUser({ role: "admin" });
});
afterAll(() => h.dispose());

describe("admin.prompts", () => {
  it("creates a version that becomes active, activates an older one, and chats use it", async () => {
    const seeded = await admin.client.admin.prompts.list.query({ phase: "introduction" });
    expect(seeded.map((p) => [p.version, p.active])).toEqual([[1, true]]);

    const created = await admin.client.admin.prompts.create.mutate({
      phase: "introduction",
      body: "Greet {{userName}} warmly and ask whether they are ready.",
      requiredContextKeys: ["userName"],
    });
    expect(created).toMatchObject({ phase: "introduction", version: 2, active: true });
    const turn = await admin.client.chat.send.mutate({ message: "Hello" });
    expect(turn.coachMessage.promptVersion).toBe(2);

    // Pinning a version (prompt testing) without changing the active one.
    const pinned = await admin.client.chat.send.mutate({ message: "Hello", promptVersion: 1 });
    expect(pinned.coachMessage.promptVersion).toBe(1);

    const activated = await admin.client.admin.prompts.activate.mutate({
      phase: "introduction",
      version: 1,
    });
    expect(activated.active).toBe(true);
    const listed = await admin.client.admin.prompts.list.query({ phase: "introduction" });
    expect(listed.map((p) => [p.version, p.active])).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it("rejects a broken template and unknown versions with clear errors", async () => {
    const broken = admin.client.admin.prompts.create.mutate({
      phase: "introduction",
      body: "Hello {{nobody}}",
      requiredContextKeys: [],
    });
    await expect(broken).rejects.toMatchObject({
      data: { code: "BAD_REQUEST", reason: "invalid_prompt" },
      message: expect.stringContaining("{{nobody}}"),
    });
    expect(
      await errorCode(
        admin.client.admin.prompts.activate.mutate({ phase: "introduction", version: 99 }),
      ),
    ).toBe("NOT_FOUND");
    const missing = admin.client.chat.send.mutate({ message: "Hi", promptVersion: 99 });
    await expect(missing).rejects.toMatchObject({
      data: { code: "NOT_FOUND", reason: "prompt_not_found" },
    });
  });
});

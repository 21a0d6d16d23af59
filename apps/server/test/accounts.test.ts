// Signing out revokes the token on the server; the operator's user listing (paged, searchable)
// and conflicts that say what conflicts.
import { createClient, errorData } from "@trellis/sdk";
import { EventSource } from "eventsource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, type Harness, startHarness, type TestUser } from "./support.ts";

let h: Harness;
let admin: TestUser;

beforeAll(async () => {
  h = await startHarness();
  admin = await h.newUser({ role: "admin", firstName: "Olga" });
});

afterAll(async () => {
  await h?.dispose();
});

describe("account.signOut", () => {
  it("revokes the token it is called with: every later call with it is refused", async () => {
    const user = await h.newUser();
    const tokens = await h.runtime.db.prisma.apiToken.count({ where: { userId: user.userId } });
    expect(tokens).toBe(1);
    expect((await user.client.account.me.query()).id).toBe(user.userId);
    expect(await user.client.account.signOut.mutate()).toEqual({ signedOut: true });
    expect(await errorCode(user.client.account.me.query())).toBe("UNAUTHORIZED");
    const raw = await fetch(`${h.url}/trpc/state.get`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(raw.status).toBe(401);
    // Over the plain-JSON route too, and only the caller's own token goes.
    const other = await h.newUser();
    const another = await h.runtime.db.prisma.apiToken.create({
      data: { userId: other.userId, name: "second", tokenHash: "unused-hash" },
    });
    const answer = await fetch(`${h.url}/api/account/signOut`, {
      method: "POST",
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(answer.status).toBe(200);
    expect(await errorCode(other.client.account.me.query())).toBe("UNAUTHORIZED");
    const kept = await h.runtime.db.prisma.apiToken.findUniqueOrThrow({
      where: { id: another.id },
    });
    expect(kept.revokedAt).toBeNull();
  });
});

describe("admin.users.list", () => {
  it("pages through users newest first with a cursor, and searches email and names", async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const user = await admin.client.admin.users.create.mutate({
        email: `Pager-${i}@List.Example`,
        firstName: i === 3 ? "Zebulon" : "Pat",
        lastName: "Lister",
      });
      made.push(user.id);
    }
    const first = await admin.client.admin.users.list.query({ limit: 2, search: "list.example" });
    expect(first.items.map((user) => user.id)).toEqual([made[4], made[3]]);
    expect(first.nextCursor).toBe(made[3]);
    const second = await admin.client.admin.users.list.query({
      limit: 2,
      search: "list.example",
      cursor: first.nextCursor ?? undefined,
    });
    const third = await admin.client.admin.users.list.query({
      limit: 2,
      search: "list.example",
      cursor: second.nextCursor ?? undefined,
    });
    expect([...second.items, ...third.items].map((user) => user.id)).toEqual([
      made[2],
      made[1],
      made[0],
    ]);
    expect(third.nextCursor).toBeNull();

    const byName = await admin.client.admin.users.list.query({ search: "zebU" });
    expect(byName.items.map((user) => user.email)).toEqual(["pager-3@list.example"]);
    expect(byName.items[0]).toMatchObject({ activeTokens: 0, scenarioInstance: false });
  });

  it("counts active tokens and leaves scenario instances out unless asked", async () => {
    const user = await admin.client.admin.users.create.mutate({
      email: "tokens@list.example",
      firstName: "Tia",
    });
    await admin.client.admin.tokens.issue.mutate({ userId: user.id, name: "a" });
    const revoked = await admin.client.admin.tokens.issue.mutate({ userId: user.id, name: "b" });
    await admin.client.admin.tokens.revoke.mutate({ tokenId: revoked.tokenId });
    const [listed] = (await admin.client.admin.users.list.query({ search: "tokens@" })).items;
    expect(listed).toMatchObject({ id: user.id, activeTokens: 1 });

    const scenario = await admin.client.admin.scenarios.freeze.mutate({ name: "Listing test" });
    await admin.client.admin.scenarios.instantiate.mutate({ scenarioId: scenario.id });
    const { userId } = await h.runtime.db.prisma.testScenario.findUniqueOrThrow({
      where: { id: scenario.id },
    });
    const ids = async (scenarioInstances: boolean) =>
      (await admin.client.admin.users.list.query({ limit: 100, scenarioInstances })).items.map(
        (item) => item.id,
      );
    expect(await ids(false)).not.toContain(userId);
    expect(await ids(true)).toContain(userId);
  });

  it("is for admins only", async () => {
    const user = await h.newUser();
    expect(await errorCode(user.client.admin.users.list.query())).toBe("FORBIDDEN");
  });
});

describe("conflicts say what conflicts", () => {
  it("a taken email, a taken scenario name", async () => {
    await admin.client.admin.users.create.mutate({ email: "taken@list.example", firstName: "A" });
    const email = await admin.client.admin.users.create
      .mutate({ email: "Taken@List.Example", firstName: "B" })
      .catch((error: unknown) => error);
    expect(errorData(email)).toMatchObject({ httpStatus: 409, reason: "already_exists" });
    expect(email instanceof Error && email.message).toBe(
      "A user with the email taken@list.example already exists",
    );
    await admin.client.admin.scenarios.freeze.mutate({ name: "Twice" });
    const name = await admin.client.admin.scenarios.freeze
      .mutate({ name: "Twice" })
      .catch((error: unknown) => error);
    expect(errorData(name)).toMatchObject({ httpStatus: 409, reason: "already_exists" });
    expect(name instanceof Error && name.message).toContain(
      "A scenario named “Twice” already exists",
    );
  });
});

// The SDK's client is what the web app uses: signing out through it ends its session too.
it("a fresh client on a signed-out token is refused", async () => {
  const user = await h.newUser();
  await user.client.account.signOut.mutate();
  const again = createClient({ url: h.url, token: user.token, EventSource });
  expect(await errorCode(again.state.get.query())).toBe("UNAUTHORIZED");
});

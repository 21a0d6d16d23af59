// events.subscribe across disconnects: a client that comes back with its last event id gets
// every event it missed (replayed from the database), then live ones, with no duplicate.
import type { ActionEventMessage, TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, settled, startHarness, waitFor } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.dispose());

async function storedIds(userId: string): Promise<string[]> {
  const rows = await h.db.prisma.actionEvent.findMany({
    where: { userId },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  return rows.map((row) => row.id.toString());
}

function listen(client: TrellisClient, lastEventId?: string) {
  const events: ActionEventMessage[] = [];
  let started = false;
  const errors: Error[] = [];
  const subscription = client.events.subscribe.subscribe(
    lastEventId === undefined ? undefined : { lastEventId },
    {
      onStarted: () => {
        started = true;
      },
      onData: ({ data }) => events.push(data),
      onError: (error) => errors.push(error),
    },
  );
  return {
    events,
    errors,
    ids: () => events.map((e) => e.id),
    ready: () => waitFor(() => started),
    stop: () => subscription.unsubscribe(),
  };
}

describe("events.subscribe", () => {
  it("resumes from the last event id: the missed events, then live ones, none twice", async () => {
    const user = await h.newUser();
    const first = listen(user.client);
    await first.ready();
    await user.client.chat.send.mutate({ message: "Hello" });
    await settled(h);
    await waitFor(async () => first.events.length === (await storedIds(user.userId)).length);
    const lastSeen = first.ids().at(-1);
    expect(lastSeen).toBeDefined();
    first.stop();

    // While disconnected: two more turns.
    await user.client.chat.send.mutate({ message: "I'm ready" });
    await user.client.chat.send.mutate({ message: "I grew up by the sea." });
    await settled(h);
    const all = await storedIds(user.userId);
    const missed = all.filter((id) => BigInt(id) > BigInt(lastSeen ?? "0"));
    expect(missed.length).toBeGreaterThanOrEqual(4);

    const second = listen(user.client, lastSeen);
    await waitFor(() => second.events.length >= missed.length);
    expect(second.ids()).toEqual(missed);
    // Then live events keep coming on the same stream.
    await user.client.chat.send.mutate({ message: "I have two daughters." });
    await settled(h);
    const after = await storedIds(user.userId);
    await waitFor(() => second.events.length === after.length - first.events.length);
    second.stop();
    expect([...first.ids(), ...second.ids()]).toEqual(after);
  });

  it("survives the server dropping the connection: the client reconnects with its last id", async () => {
    const user = await h.newUser();
    const connects: Array<{ url: string; lastEventIdHeader: string | undefined }> = [];
    h.server.server.on("request", (req) => {
      if (req.url?.startsWith("/trpc/events.subscribe")) {
        const header = req.headers["last-event-id"];
        connects.push({
          url: req.url,
          lastEventIdHeader: Array.isArray(header) ? header[0] : header,
        });
      }
    });
    const sub = listen(user.client);
    await sub.ready();
    await user.client.chat.send.mutate({ message: "Hello" });
    await settled(h);
    await waitFor(async () => sub.events.length === (await storedIds(user.userId)).length);
    const lastBeforeDrop = sub.ids().at(-1) ?? "";

    // Drop every open connection (the SSE stream included), then act while it is down.
    h.server.server.closeAllConnections();
    await user.client.chat.send.mutate({ message: "I'm ready" });
    await user.client.chat.send.mutate({ message: "I grew up by the sea." });
    await settled(h);

    const all = await storedIds(user.userId);
    await waitFor(() => sub.events.length >= all.length);
    sub.stop();
    expect(sub.ids()).toEqual(all);
    expect(sub.errors).toEqual([]);
    // It really reconnected, and said where it had stopped.
    expect(connects.length).toBeGreaterThanOrEqual(2);
    const resumed = connects[1];
    const said = [
      resumed?.lastEventIdHeader,
      new URL(resumed?.url ?? "/", h.url).searchParams.get("input"),
    ];
    expect(said.some((value) => value?.includes(lastBeforeDrop))).toBe(true);
  });

  it("replays everything from lastEventId 0 and only the caller's events", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    await alice.client.chat.send.mutate({ message: "Hello" });
    await bob.client.chat.send.mutate({ message: "Hello" });
    await settled(h);
    const sub = listen(bob.client, "0");
    const bobs = await storedIds(bob.userId);
    await waitFor(() => sub.events.length >= bobs.length);
    sub.stop();
    expect(sub.ids()).toEqual(bobs);
    expect(sub.events.every((e) => e.userId === bob.userId)).toBe(true);
  });
});

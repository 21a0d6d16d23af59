// A whole coaching session through real HTTP with the SDK: introduction to visualization with
// the scripted coach, confirmations approved, and every lifecycle event streamed over SSE.
import type { ActionEventMessage } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSession } from "../src/session.ts";
import { type Harness, settled, startHarness, waitFor } from "./support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.dispose());

describe("a scripted session through the SDK", () => {
  it("reaches identity_visualization with every identity complete, streaming every event", async () => {
    const user = await h.newUser({ firstName: "Grace" });
    const events: ActionEventMessage[] = [];
    let started = false;
    const subscription = user.client.events.subscribe.subscribe(undefined, {
      onStarted: () => {
        started = true;
      },
      onData: ({ id, data }) => {
        expect(id).toBe(data.id);
        events.push(data);
      },
    });
    await waitFor(() => started);

    const result = await runSession(user.client);
    expect(result.complete).toBe(true);
    expect(result.phases).toEqual([
      "introduction",
      "get_to_know_you",
      "identity_warm_up",
      "identity_brainstorming",
      "brainstorming_review",
      "identity_refinement",
      "anything_missing",
      "identity_commitment",
      "i_am_statement",
      "identity_visualization",
    ]);
    const identities = result.final.identities;
    expect(identities.map((i) => i.name)).toEqual([
      "Running Marathons",
      "Build Bridges",
      "Daughters",
    ]);
    for (const identity of identities) {
      expect(identity.state).toBe("visualization_complete");
      expect(identity.iAmStatement).toMatch(/^I am /);
      expect(identity.visualization).toContain("finish line");
    }
    expect(result.final.pending).toEqual([]);

    // The stream delivered exactly the persisted events, in order, once each.
    await settled(h);
    const stored = await h.db.prisma.actionEvent.findMany({
      where: { userId: user.userId },
      orderBy: { id: "asc" },
    });
    await waitFor(() => events.length >= stored.length);
    subscription.unsubscribe();
    expect(events.map((e) => e.id)).toEqual(stored.map((e) => e.id.toString()));
    expect(events.some((e) => e.kind === "pending_confirmation")).toBe(true);
    expect(events.every((e) => e.userId === user.userId)).toBe(true);

    const log = await user.client.actions.log.query({ status: "failed" });
    expect(log.items).toEqual([]);
    const history = await user.client.chat.history.query({ limit: 100 });
    expect(history.items).toHaveLength(result.turns * 2);
    expect(history.items[0]?.role).toBe("coach");
  }, 120_000); // A whole session, every request counted by the rate limits: slow when loaded.
});

// chat.stream's guarantees between callers and server processes: a stream resumed after its
// end ends, every open stream holds a subscription slot, one key means one turn (for callers
// that arrive at once, and refused for another message), stops reach a turn by its key on any
// process (before it has started, too), and one user's turns run one at a time. A second
// server on the same runtime stands for a second process: its own hub and limiters, the same
// database and bus.
import type { LimitsConfig } from "@trellis/api";
import { type CoachModel, type CoachModelInput, ScriptedCoachModel } from "@trellis/ai";
import {
  createClient,
  errorData,
  type TrellisClient,
  type TurnStreamEvent,
  type TurnStreamInput,
  turnEvents,
} from "@trellis/sdk";
import { EventSource } from "eventsource";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../src/logger.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { generousLimits, type Harness, startHarness, type TestUser, waitFor } from "./support.ts";

/** The scripted coach, held at the model call while `held` (a stop aborts the wait). */
class HeldCoach implements CoachModel {
  readonly name = "held";
  readonly #inner = new ScriptedCoachModel();
  #release: PromiseWithResolvers<void> | null = null;
  waiting = 0;

  hold(): void {
    this.#release = Promise.withResolvers<void>();
  }

  release(): void {
    this.#release?.resolve();
    this.#release = null;
  }

  async respond(input: CoachModelInput): Promise<string> {
    const held = this.#release;
    if (held) {
      this.waiting++;
      try {
        await new Promise<void>((resolve, reject) => {
          input.signal?.throwIfAborted();
          input.signal?.addEventListener("abort", () => reject(input.signal?.reason), {
            once: true,
          });
          held.promise.then(resolve);
        });
      } finally {
        this.waiting--;
      }
    }
    return this.#inner.respond(input);
  }
}

const coach = new HeldCoach();
let h: Harness;
const servers: RunningServer[] = [];
beforeAll(async () => {
  h = await startHarness({ coachModel: coach });
});
afterEach(async () => {
  coach.release();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => h.dispose());

/** Another server process's view: its own hub and limiters, the same database and bus. */
async function serverWith(limits: Partial<LimitsConfig> = {}): Promise<RunningServer> {
  const server = await startServer({
    runtime: h.runtime,
    logger: silentLogger,
    port: 0,
    host: "127.0.0.1",
    closeGraceMs: 2_000,
    limits: { ...generousLimits, concurrentTurnsPerUser: 1, ...limits },
  });
  servers.push(server);
  return server;
}

function clientOf(server: RunningServer, user: TestUser): TrellisClient {
  return createClient({ url: server.url, token: user.token, EventSource });
}

async function collect(client: TrellisClient, input: TurnStreamInput): Promise<TurnStreamEvent[]> {
  const events: TurnStreamEvent[] = [];
  for await (const event of turnEvents(client, input)) events.push(event);
  return events;
}

/** The reason a stream (or call) was refused with. */
async function refusal(promise: Promise<unknown>): Promise<string | null | undefined> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (error === null) throw new Error("expected a refusal");
  return errorData(error)?.reason;
}

const started = (events: readonly TurnStreamEvent[]) => {
  const first = events[0];
  return first?.type === "turn.started" ? first.turnId : null;
};

describe("chat.stream between callers and processes", () => {
  it("a resume at or after a finished turn's last event ends at once", async () => {
    const [a, b] = [await serverWith(), await serverWith()];
    const user = await h.newUser();
    const input = { message: "Hello", idempotencyKey: `end-${user.userId}` };
    const all = await collect(clientOf(a, user), input);
    expect(all.at(-1)?.type).toBe("turn.completed");
    // Reconnecting just after the end, or with a larger id, to either process: nothing more,
    // and the stream ends.
    for (const server of [a, b]) {
      const client = clientOf(server, user);
      expect(await collect(client, { ...input, lastEventId: String(all.length) })).toEqual([]);
      expect(await collect(client, { ...input, lastEventId: "999999999" })).toEqual([]);
    }
  });

  it("a replay of a finished turn under its key leaves the turn's words for its followers", async () => {
    const [a, b] = [await serverWith(), await serverWith()];
    const user = await h.newUser();
    const input = { message: "Hello", idempotencyKey: `replay-${user.userId}` };
    const all = await collect(clientOf(a, user), input);
    // The same request on another process, after the end: the stored result, no words.
    const replay = await collect(clientOf(b, user), input);
    expect(replay.map((event) => event.type)).toEqual(["turn.started", "turn.completed"]);
    const turnId = started(all) ?? "";
    await waitFor(async () => {
      const followed = await collect(clientOf(b, user), { turnId });
      return JSON.stringify(followed) === JSON.stringify(all);
    });
  });

  it("every open stream holds one of the user's subscription slots", async () => {
    const a = await serverWith({ subscriptionsPerUser: 1 });
    const user = await h.newUser();
    const client = clientOf(a, user);
    coach.hold();
    const input = { message: "Hello", idempotencyKey: `slot-${user.userId}` };
    const first = collect(client, input);
    await waitFor(() => coach.waiting === 1);
    // A second stream of the same turn is a second open connection: over the cap.
    expect(await refusal(collect(client, { ...input, lastEventId: "1" }))).toBe(
      "too_many_concurrent",
    );
    coach.release();
    expect((await first).at(-1)?.type).toBe("turn.completed");
    const key = `subscription:${user.userId}`;
    await waitFor(async () => (await h.db.prisma.concurrencySlot.count({ where: { key } })) === 0);
  });

  it("the same key with another message is refused (422) on every process, as chat.send refuses it", async () => {
    const [a, b] = [await serverWith(), await serverWith()];
    const user = await h.newUser();
    const idempotencyKey = `reused-${user.userId}`;
    await collect(clientOf(a, user), { message: "Hello", idempotencyKey });
    const other = { message: "Something else", idempotencyKey };
    // On the process that ran it (the turn is still in its memory) and on another one.
    expect(await refusal(collect(clientOf(a, user), other))).toBe("idempotency_key_reused");
    expect(await refusal(collect(clientOf(b, user), other))).toBe("idempotency_key_reused");
    expect(await refusal(clientOf(b, user).chat.send.mutate(other))).toBe("idempotency_key_reused");
    expect(
      await h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "user" } }),
    ).toBe(1);
  });

  it("callers that arrive at once with one key follow one turn", async () => {
    const a = await serverWith();
    const user = await h.newUser();
    const client = clientOf(a, user);
    coach.hold();
    const input = { message: "Hello", idempotencyKey: `race-${user.userId}` };
    const callers = Array.from({ length: 8 }, () => collect(client, input));
    await waitFor(() => coach.waiting === 1);
    coach.release();
    const streams = await Promise.all(callers);
    const ids = new Set(streams.map(started));
    expect(ids.size).toBe(1);
    expect([...ids][0]).not.toBeNull();
    for (const events of streams) {
      expect(events.at(-1)?.type).toBe("turn.completed");
      expect(events.some((event) => event.type === "message.delta")).toBe(true);
    }
    expect(
      await h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } }),
    ).toBe(1);
  });
});

describe("chat.stop by key, on any process", () => {
  it("a stop sent before the turn starts stops it when it starts; nothing is applied", async () => {
    const [a, b] = [await serverWith(), await serverWith()];
    const user = await h.newUser();
    const idempotencyKey = `early-${user.userId}`;
    // Pressed before the message reached any process: remembered in the database.
    expect(await clientOf(b, user).chat.stop.mutate({ idempotencyKey })).toEqual({
      stopped: true,
    });
    const events = await collect(clientOf(a, user), { message: "Hello", idempotencyKey });
    expect(events.map((event) => event.type)).toEqual(["turn.started", "turn.stopped"]);
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
    // Taken by the turn: it stops nothing else.
    expect(await h.db.prisma.turnStop.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("a stop by key reaches the turn on the process that runs it, or on another", async () => {
    const [a, b] = [await serverWith(), await serverWith()];
    const user = await h.newUser();
    for (const [via, name] of [
      [a, "same"],
      [b, "other"],
    ] as const) {
      coach.hold();
      const idempotencyKey = `stop-${name}-${user.userId}`;
      const stream = collect(clientOf(a, user), { message: "Hello", idempotencyKey });
      await waitFor(() => coach.waiting === 1);
      expect(await clientOf(via, user).chat.stop.mutate({ idempotencyKey })).toEqual({
        stopped: true,
      });
      const events = await stream;
      expect(events.at(-1)).toEqual({ type: "turn.stopped" });
      coach.release();
      // The turn has ended: a stop changes nothing and says so.
      expect(await clientOf(b, user).chat.stop.mutate({ idempotencyKey })).toEqual({
        stopped: false,
      });
      const turnId = started(events) ?? "";
      expect(await clientOf(b, user).chat.stop.mutate({ turnId })).toEqual({ stopped: false });
    }
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
    await waitFor(
      async () => (await h.db.prisma.turnStop.count({ where: { userId: user.userId } })) === 0,
    );
  });
});

describe("chat.stop of a chat.send turn", () => {
  it("stops a send waiting for the model, from its process or another: the send fails `stopped`, nothing applied", async () => {
    const [a, b] = [await serverWith(), await serverWith()];
    const user = await h.newUser();
    for (const [via, name] of [
      [a, "same"],
      [b, "other"],
    ] as const) {
      coach.hold();
      const idempotencyKey = `send-stop-${name}-${user.userId}`;
      const send = refusal(
        clientOf(a, user).chat.send.mutate({ message: "Hello", idempotencyKey }),
      );
      await waitFor(() => coach.waiting === 1);
      expect(await clientOf(via, user).chat.stop.mutate({ idempotencyKey })).toEqual({
        stopped: true,
      });
      expect(await send).toBe("stopped");
      coach.release();
      // Ended: a second stop, by key or by id, stops nothing and says so.
      expect(await clientOf(via, user).chat.stop.mutate({ idempotencyKey })).toEqual({
        stopped: false,
      });
      const record = await h.db.prisma.turnRecord.findUniqueOrThrow({
        where: { userId_idempotencyKey: { userId: user.userId, idempotencyKey } },
      });
      expect(record.stage).toBe("interrupted");
      expect(await clientOf(b, user).chat.stop.mutate({ turnId: record.id })).toEqual({
        stopped: false,
      });
    }
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
    expect(
      await h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } }),
    ).toBe(0);
    await waitFor(
      async () => (await h.db.prisma.turnStop.count({ where: { userId: user.userId } })) === 0,
    );
  });

  it("stops a keyless send by its turn id from another process", async () => {
    const [a, b] = [await serverWith(), await serverWith()];
    const user = await h.newUser();
    coach.hold();
    const send = refusal(clientOf(a, user).chat.send.mutate({ message: "Hello" }));
    await waitFor(() => coach.waiting === 1);
    const record = await h.db.prisma.turnRecord.findFirstOrThrow({
      where: { userId: user.userId },
    });
    expect(await clientOf(b, user).chat.stop.mutate({ turnId: record.id })).toEqual({
      stopped: true,
    });
    expect(await send).toBe("stopped");
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("a stop sent by key before the send arrives stops it when it starts; nothing is applied", async () => {
    const [a, b] = [await serverWith(), await serverWith()];
    const user = await h.newUser();
    const idempotencyKey = `send-early-${user.userId}`;
    expect(await clientOf(b, user).chat.stop.mutate({ idempotencyKey })).toEqual({
      stopped: true,
    });
    expect(
      await refusal(clientOf(a, user).chat.send.mutate({ message: "Hello", idempotencyKey })),
    ).toBe("stopped");
    expect(await h.db.prisma.action.count({ where: { userId: user.userId } })).toBe(0);
    expect(
      await h.db.prisma.chatMessage.count({ where: { userId: user.userId, role: "coach" } }),
    ).toBe(0);
    expect(await h.db.prisma.turnStop.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("a finished send is not stopped, and the stop leaves nothing behind for a retry", async () => {
    const [a, b] = [await serverWith(), await serverWith()];
    const user = await h.newUser();
    const input = { message: "Hello", idempotencyKey: `send-done-${user.userId}` };
    await clientOf(a, user).chat.send.mutate(input);
    const record = await h.db.prisma.turnRecord.findFirstOrThrow({
      where: { userId: user.userId },
    });
    for (const via of [a, b]) {
      expect(
        await clientOf(via, user).chat.stop.mutate({ idempotencyKey: input.idempotencyKey }),
      ).toEqual({ stopped: false });
      expect(await clientOf(via, user).chat.stop.mutate({ turnId: record.id })).toEqual({
        stopped: false,
      });
    }
    expect(await h.db.prisma.turnStop.count({ where: { userId: user.userId } })).toBe(0);
    expect((await clientOf(b, user).chat.send.mutate(input)).replayed).toBe(true);
  });
});

describe("one user's turns, one at a time", () => {
  it("a second message while a turn runs is refused (409); a retry under the first key joins it", async () => {
    const [a, b] = [await serverWith(), await serverWith()];
    const user = await h.newUser();
    coach.hold();
    const first = { message: "Hello", idempotencyKey: `first-${user.userId}` };
    const stream = collect(clientOf(a, user), first);
    await waitFor(() => coach.waiting === 1);
    expect(await refusal(clientOf(b, user).chat.send.mutate({ message: "Again" }))).toBe(
      "turn_in_progress",
    );
    expect(await refusal(collect(clientOf(b, user), { message: "Again" }))).toBe(
      "turn_in_progress",
    );
    // The same turn, retried on another process: no second slot, the first turn's result.
    const retry = clientOf(b, user).chat.send.mutate(first);
    await waitFor(
      async () => (await h.db.prisma.turnRecord.count({ where: { userId: user.userId } })) === 1,
    );
    coach.release();
    const events = await stream;
    const last = events.at(-1);
    const result = await retry;
    expect(last?.type === "turn.completed" && last.result.coachMessage.id).toBe(
      result.coachMessage.id,
    );
    // Finished: the next message runs.
    const next = await clientOf(b, user).chat.send.mutate({ message: "And now?" });
    expect(next.coachMessage.content.length).toBeGreaterThan(0);
  });
});

// Three server processes (`node src/main.ts`, as `pnpm start` runs it) on one PostgreSQL
// database, each with its own memory, pools and listener connection: a stream moves between
// them with every word once, a stop reaches a turn on another process, a process killed with
// SIGKILL mid-turn is taken over by another one (the turn completes once), action events reach
// subscribers on every process, and the rate limit and the turn cap are shared.
import { issueToken } from "@trellis/api";
import {
  ActionType,
  type ActionEventMessage,
  createClient,
  errorData,
  type TrellisClient,
} from "@trellis/sdk";
import { createTestDb, type TestDb } from "@trellis/testing";
import { EventSource } from "eventsource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../src/server-process.ts";
import { waitFor } from "./support.ts";
import { receive, type Received } from "./turn-stream-client.ts";

let db: TestDb;
let a: ServerProcess;
let b: ServerProcess;
let c: ServerProcess;
let users = 0;

beforeAll(async () => {
  db = await createTestDb();
  if (db.kind !== "postgres") throw new Error("several processes need PostgreSQL");
  const env = {
    DATABASE_URL: db.url,
    // A reply of a few dozen words takes a second or two: long enough to move, stop or kill.
    TRELLIS_SCRIPTED_PACE_MS: "40",
    TRELLIS_RATE_USER_CALLS: "40",
  };
  // One after the other: the first applies the migrations and seeds the prompts.
  a = await startServerProcess(env);
  [b, c] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});
afterAll(async () => {
  await Promise.all([a, b, c].map((server) => server?.stop()));
  await db?.dispose();
});

async function newUser(): Promise<{ token: string; userId: string }> {
  users++;
  const user = await db.prisma.user.create({
    data: {
      email: `cluster-${users}-${Date.now()}@example.test`,
      firstName: "Ada",
      lastName: "Tester",
      coachState: { create: {} },
    },
  });
  return { token: (await issueToken(db, user.id, "cluster")).token, userId: user.id };
}

const on = (server: ServerProcess, token: string): TrellisClient =>
  createClient({ url: server.url, token, EventSource });

const words = (received: readonly Received[]) =>
  received.flatMap((r) => (r.event.type === "message.delta" ? [r.event.text] : []));
const deltaCount = (received: readonly Received[]) => words(received).length;

describe("three server processes on one database", () => {
  it("a stream from A resumed on B mid-reply gets every word once, in order", async () => {
    const { token, userId } = await newUser();
    const input = { message: "Hello", idempotencyKey: `move-${userId}` };
    const first = await receive(on(a, token), input, (r) => deltaCount(r) >= 3);
    const lastEventId = first.at(-1)?.id ?? "0";
    const rest = await receive(on(b, token), { ...input, lastEventId });
    const all = [...first, ...rest];
    expect(all.map((r) => r.id)).toEqual(all.map((_, index) => String(index + 1)));
    const last = all.at(-1)?.event;
    expect(last?.type).toBe("turn.completed");
    const content = last?.type === "turn.completed" ? last.result.coachMessage.content : "";
    expect(deltaCount(rest)).toBeGreaterThan(0);
    expect(words(all).join("")).toBe(content);
  });

  it("a stop sent to C stops the turn running on A, for its followers on A and B", async () => {
    const { token, userId } = await newUser();
    const input = { message: "Hello", idempotencyKey: `stop-${userId}` };
    const onA = receive(on(a, token), input);
    const firstWords = await receive(on(a, token), input, (r) => deltaCount(r) >= 1);
    const onB = receive(on(b, token), { ...input, lastEventId: firstWords.at(-1)?.id ?? "0" });
    expect(await on(c, token).chat.stop.mutate({ idempotencyKey: input.idempotencyKey })).toEqual({
      stopped: true,
    });
    expect((await onA).at(-1)?.event).toEqual({ type: "turn.stopped" });
    expect((await onB).at(-1)?.event).toEqual({ type: "turn.stopped" });
    expect(await db.prisma.action.count({ where: { userId } })).toBe(0);
  });

  it("an action applied through A reaches subscribers on B and C", async () => {
    const { token, userId } = await newUser();
    const seen: Record<string, ActionEventMessage[]> = { b: [], c: [] };
    const subscriptions = (["b", "c"] as const).map((name) => {
      let started = false;
      const subscription = on(name === "b" ? b : c, token).events.subscribe.subscribe(undefined, {
        onStarted: () => {
          started = true;
        },
        onData: ({ data }) => seen[name]?.push(data),
      });
      return { subscription, ready: () => waitFor(() => started) };
    });
    await Promise.all(subscriptions.map((s) => s.ready()));
    await db.prisma.coachState.update({
      where: { userId },
      data: { phase: "identity_brainstorming" },
    });
    const outcome = await on(a, token).actions.execute.mutate({
      type: ActionType.CREATE_IDENTITY,
      params: { name: "Runner", category: "physical_expression" },
    });
    expect(outcome.status).toBe("completed");
    await waitFor(() => (seen.b?.length ?? 0) >= 2 && (seen.c?.length ?? 0) >= 2);
    for (const name of ["b", "c"]) {
      expect(seen[name]?.map((event) => [event.actionType, event.kind])).toEqual([
        ["create_identity", "started"],
        ["create_identity", "completed"],
      ]);
    }
    for (const s of subscriptions) s.subscription.unsubscribe();
  });

  it("the turn cap and the rate limit are shared by the processes", async () => {
    const { token, userId } = await newUser();
    const input = { message: "Hello", idempotencyKey: `cap-${userId}` };
    const running = receive(on(a, token), input);
    await waitFor(async () => (await db.prisma.turnRecord.count({ where: { userId } })) === 1);
    const refused = await on(b, token)
      .chat.send.mutate({ message: "Again" })
      .catch((error: unknown) => errorData(error)?.reason);
    expect(refused).toBe("turn_in_progress");
    expect((await running).at(-1)?.event.type).toBe("turn.completed");

    // 40 calls per window for the user, counted wherever they land.
    const other = (await newUser()).token;
    const reasons: Array<string | null | undefined> = [];
    for (let call = 0; call < 45; call++) {
      const server = [a, b, c][call % 3] ?? a;
      reasons.push(
        await on(server, other)
          .account.me.query()
          .then(() => "ok")
          .catch((error: unknown) => errorData(error)?.reason),
      );
    }
    expect(reasons.filter((reason) => reason === "ok")).toHaveLength(40);
    expect(reasons.slice(40)).toEqual(Array(5).fill("rate_limited"));
  });

  it("A killed with SIGKILL mid-turn: the retry on B completes the turn, once, within seconds", async () => {
    const { token, userId } = await newUser();
    const input = { message: "Hello", idempotencyKey: `kill-${userId}` };
    await receive(on(a, token), input, (r) => deltaCount(r) >= 2);
    await a.stop("SIGKILL");
    const killedAt = Date.now();
    const result = await on(b, token).chat.send.mutate(input);
    const tookMs = Date.now() - killedAt;
    expect(result.coachMessage.content.length).toBeGreaterThan(0);
    // The dead process is noticed by its silent heartbeat (3 s), not by its 30 s lease.
    expect(tookMs).toBeLessThan(15_000);
    expect(await db.prisma.chatMessage.count({ where: { userId, role: "coach" } })).toBe(1);
    expect(await db.prisma.turnRecord.count({ where: { userId } })).toBe(1);
    console.log(`retry after SIGKILL completed in ${tookMs} ms`);
  });
});

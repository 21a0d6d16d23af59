// Virtual users talking to the server through the SDK: each slot sends chat.send turns back to
// back (closed loop), walking a user through the scripted coaching flow; when the script ends,
// the slot carries on with a fresh user. Every user is subscribed to its events over SSE while
// it talks, and each event's delivery latency is taken from its `createdAt` (set by the server
// when it inserts the event row, inside the action's transaction, just before commit) to its
// arrival here: same machine, same clock.
import { createClient, type TrellisClient } from "@trellis/sdk";
import { EventSource } from "eventsource";
import type { BenchUser, ServerProcess } from "./harness.ts";

/**
 * What a user says, turn by turn, through the scripted coach: introduction, the five
 * get-to-know-you questions, warm-up, nine brainstorming categories (two skipped), review,
 * refinement, anything missing, commitment, then an I-am statement that waits for the user's
 * confirmation (the script stops there).
 */
export const SCRIPT: readonly string[] = [
  "Hi",
  "Yes, let's start",
  "I grew up in Lyon, by the river",
  "Two kids and a partner",
  "I'm a nurse in Paris",
  "Running and painting",
  "To feel more like myself",
  "That's all",
  "a nurse, a mother and curious",
  "a runner, a writer and calm",
  "I love painting portraits",
  "I earn money as a nurse",
  "I save every month",
  "skip",
  "I like dressing well",
  "I love running marathons",
  "I am a loving parent",
  "skip",
  "I build furniture",
  "Looks good",
  "Yes",
  "Yes",
  "Yes",
  "Yes",
  "Yes",
  "Yes",
  "Yes",
  "Nothing is missing",
  "Yes",
  "Yes",
  "Yes",
  "Yes",
  "Yes",
  "Yes",
  "Yes",
  "Sounds good",
];

export interface LoadResult {
  turns: number;
  seconds: number;
  /** Client-side chat.send latency per turn, in ms. */
  latencies: number[];
  /** createdAt → received over SSE, in ms, for every event of the measured turns. */
  eventLatencies: number[];
  failures: number;
  firstFailure: string | null;
}

interface Session {
  user: BenchUser;
  client: TrellisClient;
  step: number;
  unsubscribe(): void;
}

export class UserPool {
  readonly #server: ServerProcess;
  readonly #label: string;
  #spare: BenchUser[] = [];
  #recording = false;
  readonly eventLatencies: number[] = [];

  constructor(server: ServerProcess, label: string) {
    this.#server = server;
    this.#label = label;
  }

  /** Creates users ahead of time (database setup is not part of any measurement). */
  async prepare(count: number): Promise<void> {
    this.#spare.push(...(await this.#server.newUsers(count, this.#label)));
  }

  record(on: boolean): void {
    this.#recording = on;
  }

  async #open(): Promise<Session> {
    const user = this.#spare.shift() ?? (await this.#server.newUsers(1, this.#label))[0];
    if (!user) throw new Error("bench: could not create a user");
    const client = createClient({ url: this.#server.url, token: user.token, EventSource });
    const started = Promise.withResolvers<void>();
    const subscription = client.events.subscribe.subscribe(undefined, {
      onStarted: () => started.resolve(),
      onData: (envelope) => {
        if (this.#recording) {
          this.eventLatencies.push(Date.now() - Date.parse(envelope.data.createdAt));
        }
      },
      onError: (error) => started.reject(error),
    });
    await started.promise;
    return { user, client, step: 0, unsubscribe: () => subscription.unsubscribe() };
  }

  /**
   * `concurrency` slots send `turns` turns in total, back to back. Returns per-turn latencies;
   * events are recorded while `record(true)` is on.
   */
  async run(concurrency: number, turns: number): Promise<LoadResult> {
    let remaining = turns;
    const latencies: number[] = [];
    let failures = 0;
    let firstFailure: string | null = null;
    const eventsBefore = this.eventLatencies.length;
    const started = performance.now();
    const slot = async () => {
      let session: Session | null = null;
      try {
        while (remaining > 0) {
          remaining--;
          if (!session || session.step >= SCRIPT.length) {
            session?.unsubscribe();
            session = await this.#open();
          }
          const message = SCRIPT[session.step] ?? "Yes";
          session.step++;
          const sent = performance.now();
          try {
            await session.client.chat.send.mutate({ message });
            latencies.push(performance.now() - sent);
          } catch (error) {
            failures++;
            firstFailure ??= error instanceof Error ? error.message : String(error);
          }
        }
      } finally {
        session?.unsubscribe();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, slot));
    const seconds = (performance.now() - started) / 1000;
    // Events of the last turns may still be in flight.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return {
      turns: latencies.length,
      seconds,
      latencies,
      eventLatencies: this.eventLatencies.slice(eventsBefore),
      failures,
      firstFailure,
    };
  }

  /** The baseline: the `health` query (HTTP + tRPC + one database round trip), same load. */
  async health(concurrency: number, requests: number): Promise<LoadResult> {
    const user = this.#spare[0] ?? (await this.#server.newUsers(1, this.#label))[0];
    if (!user) throw new Error("bench: could not create a user");
    const clients = Array.from({ length: concurrency }, () =>
      createClient({ url: this.#server.url, token: user.token, EventSource }),
    );
    let remaining = requests;
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        while (remaining > 0) {
          remaining--;
          const sent = performance.now();
          await client.health.query();
          latencies.push(performance.now() - sent);
        }
      }),
    );
    return {
      turns: latencies.length,
      seconds: (performance.now() - started) / 1000,
      latencies,
      eventLatencies: [],
      failures: 0,
      firstFailure: null,
    };
  }
}

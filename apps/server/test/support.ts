// The server tests' helpers around the shared harness (src/testing/harness.ts, also used by the
// web app's browser tests): polling, tRPC error codes, seeded suggestions, the note taker, and a
// harness whose coach is the real OpenAI provider against the fake OpenAI-compatible server.
import { ScriptedNoteModel } from "@trellis/ai";
import { type FakeOpenAI, startFakeOpenAI } from "@trellis/ai/testing";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { type Harness, type HarnessOptions, startHarness } from "../src/testing/harness.ts";

export {
  generousLimits,
  type Harness,
  startHarness,
  type TestUser,
} from "../src/testing/harness.ts";

/**
 * Resolves when `check` returns true (polled), or fails after `timeoutMs`: generous, since it
 * detects what never happens, and a busy machine must not look like that.
 */
export function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  return vi.waitFor(
    async () => {
      if (!(await check())) throw new Error("waitFor: the condition does not hold yet");
    },
    { timeout: timeoutMs, interval: 20 },
  );
}

/** The tRPC error code of a rejected call (UNAUTHORIZED, NOT_FOUND …). */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (error === null) throw new Error("expected the call to fail");
  if (typeof error === "object" && "data" in error) {
    const data = error.data;
    if (
      typeof data === "object" &&
      data !== null &&
      "code" in data &&
      typeof data.code === "string"
    ) {
      return data.code;
    }
  }
  throw error;
}

/** Gives the user an identity and a pending "I am" suggestion (as the coach would). */
export async function seedPending(
  h: Harness,
  userId: string,
): Promise<{ identityId: string; pendingActionId: string }> {
  const { engine, db } = h.runtime;
  await db.prisma.coachState.update({
    where: { userId },
    data: { phase: "identity_brainstorming" },
  });
  const created = await engine.execute({
    userId,
    type: "create_identity",
    params: { name: "Runner", category: "physical_expression" },
    invoker: "coach",
  });
  if (created.status !== "completed") throw new Error(`seed failed: ${created.summary}`);
  const identity = await db.prisma.identity.findFirstOrThrow({ where: { userId } });
  await db.prisma.coachState.update({ where: { userId }, data: { phase: "i_am_statement" } });
  const suggested = await engine.execute({
    userId,
    type: "suggest_i_am_statement",
    params: { identityId: identity.id, statement: "I am a runner who runs at dawn." },
    invoker: "coach",
  });
  if (suggested.status !== "pending_confirmation") throw new Error("seed: no pending action");
  return { identityId: identity.id, pendingActionId: suggested.pendingActionId };
}

/**
 * Waits for the note taker: it runs after each turn in the background (a pg-boss queue,
 * polled), so its actions and events land after chat.send has returned.
 */
export async function settled(h: Harness): Promise<void> {
  await h.runtime.noteQueue.drain();
}

/**
 * A test file's server whose coach is the real OpenAI provider (the `openai` SDK, no retries)
 * against the fake OpenAI-compatible server: both start before the file's tests and close after
 * them, and the fake's recorded requests are cleared after each test.
 */
export function useFakeOpenAIHarness(options: Omit<HarnessOptions, "models"> = {}): {
  readonly h: Harness;
  readonly fake: FakeOpenAI;
} {
  const apiKey = "sk-test-trellis";
  let harness: Harness | undefined;
  let server: FakeOpenAI | undefined;
  beforeAll(async () => {
    server = await startFakeOpenAI({ apiKey });
    harness = await startHarness({
      noteModel: new ScriptedNoteModel(),
      ...options,
      models: { openaiApiKey: apiKey, baseURL: server.url, model: "gpt-test", maxRetries: 0 },
    });
  });
  afterAll(async () => {
    await harness?.dispose();
    await server?.close();
  });
  afterEach(() => {
    if (server) server.requests.length = 0;
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useFakeOpenAIHarness: used before its beforeAll ran");
    return value;
  };
  return {
    get h() {
      return started(harness);
    },
    get fake() {
      return started(server);
    },
  };
}

import { afterEach, beforeEach, expect } from "vitest";
import {
  ModelError,
  type ModelErrorKind,
  type StructuredRequest,
} from "../../src/providers/index.ts";
import { OpenAIProvider, type OpenAIProviderConfig } from "../../src/providers/openai.ts";
import { type FakeOpenAI, startFakeOpenAI } from "../../src/testing/index.ts";

export const API_KEY = "sk-test-fake";

/**
 * A provider pointed at the fake server. The timeout is generous: tests where time is the
 * subject set their own (or fake timers); others must not fail because the machine is busy.
 */
export function providerFor(fake: FakeOpenAI, overrides: Partial<OpenAIProviderConfig> = {}) {
  return new OpenAIProvider({
    apiKey: API_KEY,
    baseURL: fake.url,
    model: "gpt-test",
    timeoutMs: 120_000,
    maxRetries: 2,
    ...overrides,
  });
}

/** Awaits a rejection and checks it is a ModelError of the given kind. */
export async function expectModelError(
  promise: Promise<unknown>,
  kind: ModelErrorKind,
): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ModelError);
  if (!(error instanceof ModelError)) throw new Error("unreachable");
  expect(error.kind, error.message).toBe(kind);
  return error;
}

export const STRICT_SCHEMA = {
  type: "object",
  properties: {
    message: { type: "string" },
    actions: {
      type: "array",
      items: {
        type: "object",
        properties: { type: { type: "string", enum: ["create_goal"] }, title: { type: "string" } },
        required: ["type", "title"],
        additionalProperties: false,
      },
    },
  },
  required: ["message", "actions"],
  additionalProperties: false,
} satisfies Record<string, unknown>;

/** The fake server of the running test; `reopen` starts a new one after the test closed it. */
type FakeOpenAIOptions = Parameters<typeof startFakeOpenAI>[0];

export type FakeServerOfTest = (() => FakeOpenAI) & {
  reopen(options?: FakeOpenAIOptions): Promise<FakeOpenAI>;
};

/** A fake OpenAI server of its own for each test of the file: call the result to get it. */
export function useFakeServer(): FakeServerOfTest {
  let current: FakeOpenAI | undefined;
  beforeEach(async () => {
    current = await startFakeOpenAI();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const get = () => {
    if (current === undefined) throw new Error("useFakeServer: called outside a test");
    return current;
  };
  return Object.assign(get, {
    async reopen(options?: FakeOpenAIOptions) {
      current = await startFakeOpenAI(options);
      return current;
    },
  });
}

/** The smallest structured request: one user line, the strict schema above. */
export const helloRequest: StructuredRequest = {
  messages: [{ role: "user", content: "Hello" }],
  schemaName: "coach_reply",
  jsonSchema: STRICT_SCHEMA,
};

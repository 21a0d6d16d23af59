import { expect } from "vitest";
import { ModelError, type ModelErrorKind } from "../../src/providers/index.ts";
import { OpenAIProvider, type OpenAIProviderConfig } from "../../src/providers/openai.ts";
import type { FakeOpenAI } from "../../src/testing/index.ts";

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

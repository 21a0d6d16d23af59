import { responseJsonSchema } from "@trellis/actions";
import type { ModelProvider } from "../providers/types.ts";
import type { CoachModel, CoachModelInput } from "./coach-model.ts";

/** Structured Outputs: the phase's strict response schema goes with every request. */
export class ProviderCoachModel implements CoachModel {
  readonly name: string;
  readonly #provider: ModelProvider;

  constructor(provider: ModelProvider) {
    this.#provider = provider;
    this.name = provider.name;
  }

  async respond(input: CoachModelInput): Promise<string> {
    const reply = await this.#provider.structured({
      messages: input.messages,
      schemaName: `coach_response_${input.phase}`,
      jsonSchema: responseJsonSchema(input.phase),
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.onText ? { onText: input.onText } : {}),
    });
    return reply.raw;
  }
}

import { responseJsonSchema, toolDefinitions } from "@trellis/actions";
import { ProviderModel } from "../providers/provider-model.ts";
import type {
  CoachModel,
  CoachModelInput,
  CoachToolsInput,
  CoachToolsReply,
} from "./coach-model.ts";

/**
 * A model endpoint as the coach: Structured Outputs (the phase's strict response schema goes
 * with every request), or tool calling (the phase's strict tools).
 */
export class ProviderCoachModel extends ProviderModel implements CoachModel {
  async respond(input: CoachModelInput): Promise<string> {
    const reply = await this.provider.structured({
      messages: input.messages,
      schemaName: `coach_response_${input.phase}`,
      jsonSchema: responseJsonSchema(input.phase),
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.onText ? { onText: input.onText } : {}),
    });
    return reply.raw;
  }

  async callTools(input: CoachToolsInput): Promise<CoachToolsReply> {
    const reply = await this.provider.toolLoop({
      messages: input.messages,
      tools: toolDefinitions(input.phase),
      maxSteps: input.maxSteps,
      executeTool: input.executeTool,
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.onText ? { onText: input.onText } : {}),
    });
    return { message: reply.message, steps: reply.steps };
  }
}

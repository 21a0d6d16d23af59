// The kit's forms of a phase for the model: the strict response schema (and its zod twin for
// all-or-nothing validation), the OpenAI response_format, the function tools, and the action
// part of the prompt. Cached and frozen per phase.
import type { z } from "zod";
import type { AnyCatalog } from "../define/catalog-types.ts";
import { type InstructionsMode, renderActionInstructions } from "../derive/instructions.ts";
import { buildResponseJsonSchema, buildResponseZodSchema } from "../derive/response-schema.ts";
import { buildToolDefinitions, type ToolDefinition } from "../derive/tools.ts";
import type { Phase } from "../domain/phases.ts";
import { deepFreeze, type JsonObject } from "../schema/json.ts";
import { cached } from "./cached.ts";
import type { CallParsers } from "./call-parsers.ts";
import type { CatalogIndex } from "./catalog-index.ts";
import type { ParamSchemas } from "./param-schemas.ts";
import type { ModelResponseOf, ResponseFormat } from "./types.ts";

export interface ModelFormats<C extends AnyCatalog> {
  responseJsonSchema(phase: Phase): JsonObject;
  responseSchema(phase: Phase): z.ZodType<ModelResponseOf<C>>;
  responseFormat(phase: Phase): ResponseFormat;
  toolDefinitions(phase: Phase): readonly ToolDefinition[];
  actionInstructions(phase: Phase, mode: InstructionsMode): string;
}

export function modelFormats<C extends AnyCatalog>(
  index: CatalogIndex<C>,
  schemas: ParamSchemas,
  parsers: Pick<CallParsers<C>, "validatedCall">,
): ModelFormats<C> {
  const { coachActionsForPhase, definition, phaseDefinitions } = index;
  const { coachParamsJsonSchema } = schemas;
  const offered = (phase: Phase) =>
    coachActionsForPhase(phase).map((type) => ({
      type,
      description: definition(type).description,
      strictParams: coachParamsJsonSchema(type),
    }));

  const responseJsonSchema = cached((phase: Phase) =>
    deepFreeze(buildResponseJsonSchema(offered(phase))),
  );
  const responseSchema = cached(
    (phase: Phase): z.ZodType<ModelResponseOf<C>> =>
      buildResponseZodSchema(phaseDefinitions(phase), parsers.validatedCall),
  );
  const toolDefinitions = cached((phase: Phase): readonly ToolDefinition[] =>
    Object.freeze(
      buildToolDefinitions(offered(phase)).map((tool) =>
        Object.freeze({ ...tool, function: Object.freeze({ ...tool.function }) }),
      ),
    ),
  );
  function renderInstructions(phase: Phase, mode: InstructionsMode): string {
    return renderActionInstructions({
      phase,
      mode,
      transitions: index.rules.phaseTransitions[phase],
      actions: phaseDefinitions(phase).map((found) => ({
        type: found.type,
        title: found.title,
        description: found.description,
        confirmation: found.confirmation,
        strictParams: coachParamsJsonSchema(found.type),
      })),
    });
  }
  const instructions: Record<InstructionsMode, (phase: Phase) => string> = {
    response_format: cached((phase: Phase) => renderInstructions(phase, "response_format")),
    tools: cached((phase: Phase) => renderInstructions(phase, "tools")),
  };
  return {
    responseJsonSchema,
    responseSchema,
    responseFormat: (phase) => ({
      type: "json_schema",
      json_schema: {
        name: `coach_response_${phase}`,
        strict: true,
        schema: responseJsonSchema(phase),
      },
    }),
    toolDefinitions,
    actionInstructions: (phase, mode) =>
      instructions[mode === "tools" ? "tools" : "response_format"](phase),
  };
}

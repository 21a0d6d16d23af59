// The kit's JSON Schemas of each action's params and result: as defined, strict (OpenAI),
// and as the coach is offered them (without the params only the user may set). Cached and
// frozen, so sharing them is safe.
import type { AnyCatalog } from "../define/catalog-types.ts";
import { guardedFields, userOnlyParams } from "../rules/confirmation-rules.ts";
import { deepFreeze, isJsonObject, type JsonObject } from "../schema/json.ts";
import { toStrictJsonSchema } from "../schema/strict.ts";
import { zodToJsonSchema } from "../schema/to-json-schema.ts";
import { cached } from "./cached.ts";
import type { CatalogIndex } from "./catalog-index.ts";

export interface ParamSchemas {
  paramsJsonSchema(type: string): JsonObject;
  strictParamsJsonSchema(type: string): JsonObject;
  /** The strict params the model is offered: without the params only the user may set. */
  coachParamsJsonSchema(type: string): JsonObject;
  resultJsonSchema(type: string): JsonObject;
  userOnly(type: string): ReturnType<typeof userOnlyParams>;
}

export function paramSchemas<C extends AnyCatalog>(index: CatalogIndex<C>): ParamSchemas {
  const { definition } = index;
  const paramsJsonSchema = cached((type: string) =>
    deepFreeze(zodToJsonSchema(definition(type).params, "input")),
  );
  const strictParamsJsonSchema = cached((type: string) =>
    deepFreeze(toStrictJsonSchema(paramsJsonSchema(type))),
  );
  const guarded = guardedFields(Object.values(index.catalog));
  const userOnly = cached((type: string) => userOnlyParams(definition(type), guarded));
  const coachParamsJsonSchema = cached((type: string) => {
    const strict = strictParamsJsonSchema(type);
    const hidden = new Set(userOnly(type).map(({ param }) => param));
    if (hidden.size === 0) return strict;
    const { properties, required } = strict;
    return deepFreeze({
      ...strict,
      properties: Object.fromEntries(
        Object.entries(isJsonObject(properties) ? properties : {}).filter(
          ([key]) => !hidden.has(key),
        ),
      ),
      required: (Array.isArray(required) ? required : []).filter(
        (key) => typeof key !== "string" || !hidden.has(key),
      ),
    });
  });
  const resultJsonSchema = cached((type: string) =>
    deepFreeze(zodToJsonSchema(definition(type).result, "output")),
  );
  return {
    paramsJsonSchema,
    strictParamsJsonSchema,
    coachParamsJsonSchema,
    resultJsonSchema,
    userOnly,
  };
}

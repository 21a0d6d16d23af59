// JSON Schema (draft 2020-12) of the procedures' zod inputs and of the contract's DTOs, as the
// plain-JSON surfaces (REST, MCP) carry them: dates are ISO 8601 strings, and an input whose
// checks run in a transform (`actions.execute`, `pending.approve`) is described by the schema
// registered with `checkedInput`, derived from the catalog.
import type { JsonObject } from "@trellis/actions";
import { toJsonObject } from "@trellis/actions/kit";
import { z } from "zod";

/** Inputs zod cannot describe: a `z.custom` checked in a transform names its wire schema here. */
const described = new WeakMap<object, () => JsonObject>();

function describeInput(schema: z.ZodType, jsonSchema: () => JsonObject): void {
  described.set(schema, jsonSchema);
  // An input's JSON Schema is its pipe's input side: zod describes that schema, not the pipe.
  if (schema instanceof z.ZodPipe) described.set(schema.in, jsonSchema);
}

/**
 * An input callers see as `Declared` (a type per action, which zod cannot express) while the
 * handler gets what `envelope` checked; `jsonSchema` describes it on the plain-JSON surfaces.
 * `z.custom` only declares the input type; the transform does the checking.
 */
export function checkedInput<Declared>() {
  return <Checked>(envelope: z.ZodType<Checked>, jsonSchema: () => JsonObject) => {
    const input = z.custom<Declared>().transform((value, ctx) => {
      const parsed = envelope.safeParse(value);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      }
      return z.NEVER;
    });
    describeInput(input, jsonSchema);
    return input;
  };
}

const ANY_JSON = "Any JSON value";

export function plainJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonObject {
  const generated = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
    cycles: "ref",
    reused: "inline",
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === "date") {
        jsonSchema.type = "string";
        jsonSchema.format = "date-time";
      }
      const wire = described.get(zodSchema);
      if (wire) Object.assign(jsonSchema, wire());
    },
  });
  const { $schema: _dropped, $defs, ...rest } = generated;
  // The contract's recursive `Json` is stated as what it is, any JSON value: code generators
  // (openapi-typescript) cannot type its recursion through arrays.
  const defs = $defs && "Json" in $defs ? { ...$defs, Json: { description: ANY_JSON } } : $defs;
  return toJsonObject(defs ? { ...rest, $defs: defs } : rest, "JSON Schema");
}

// A request's plain JSON as a procedure's input: what superjson would have restored, restored
// from the zod inputs instead (ISO strings where a date is expected), and query parameters read
// by their JSON Schema types (a GET cannot carry JSON).
import { isJsonObject, type JsonObject } from "@trellis/actions";
import { z } from "zod";

/** Strings where the input schema expects a Date become Dates (zod then checks them). */
export function reviveDates(schemas: readonly z.ZodType[], value: unknown): unknown {
  return schemas.reduce<unknown>((current, schema) => revive(schema, current), value);
}

function revive(schema: z.core.$ZodType, value: unknown): unknown {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodDate) return typeof value === "string" ? new Date(value) : value;
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    return value.map((item) => revive(inner.element, item));
  }
  if (inner instanceof z.ZodObject && isPlainObject(value)) {
    const shape: Record<string, z.core.$ZodType> = inner.shape;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const field = shape[key];
        return [key, field ? revive(field, item) : item];
      }),
    );
  }
  return value;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault
  ) {
    return unwrap(schema.unwrap());
  }
  if (schema instanceof z.ZodPipe) return unwrap(schema.in);
  return schema;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON Schema types a property allows (`anyOf` branches included). */
function typesOf(schema: JsonObject | undefined): string[] {
  if (!schema) return [];
  const own = typeof schema.type === "string" ? [schema.type] : [];
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf.filter(isJsonObject) : [];
  return [...own, ...branches.flatMap((branch) => typesOf(branch))];
}

/** Query parameters as an input object: numbers and booleans by the input's JSON Schema. */
export function queryInput(input: JsonObject | null, params: URLSearchParams): unknown {
  if (input === null) return undefined;
  const properties = isJsonObject(input.properties) ? input.properties : {};
  const result: Record<string, unknown> = {};
  for (const [key, raw] of params) {
    const property = properties[key];
    const types = typesOf(isJsonObject(property) ? property : undefined);
    if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(raw)) {
      result[key] = Number(raw);
    } else if (types.includes("boolean") && (raw === "true" || raw === "false")) {
      result[key] = raw === "true";
    } else {
      result[key] = raw;
    }
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/** Whether an input can travel as query parameters: one object of scalar properties. */
export function fitsQuery(input: JsonObject | null): boolean {
  if (input === null) return true;
  if (input.type !== "object" || !isJsonObject(input.properties)) return false;
  return Object.values(input.properties).every((property) =>
    typesOf(isJsonObject(property) ? property : undefined).every((type) =>
      ["string", "integer", "number", "boolean", "null"].includes(type),
    ),
  );
}

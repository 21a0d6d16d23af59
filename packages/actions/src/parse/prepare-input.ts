import { isJsonArray, isJsonObject, type JsonValue } from "../schema/json.ts";
import {
  acceptsNull,
  arrayElement,
  isOptional,
  objectShape,
  type Schema,
} from "../schema/zod-walk.ts";
import { type Path, type ReportProblem, reportUnexpectedKeys } from "./problems.ts";

/**
 * Walks sanitized input along a params schema, before zod validates it, and:
 * - turns `null` into "absent" for optional keys that do not accept null: strict JSON Schema
 *   makes the model send null for an optional parameter, handlers should see it absent;
 * - reports and drops unknown keys (zod would silently strip them; the model should learn).
 * Only objects and arrays are descended into; everything else is left to zod.
 */
export function prepareInput(
  schema: Schema,
  value: JsonValue,
  path: Path,
  report: ReportProblem,
): JsonValue {
  const object = objectShape(schema);
  if (object !== undefined && isJsonObject(value)) {
    const { shape, openKeys } = object;
    const prepared: Record<string, JsonValue> = Object.create(null);
    const unexpected: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      const child = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (child === undefined) {
        if (openKeys) prepared[key] = item;
        else unexpected.push(key);
      } else if (!(item === null && isOptional(child) && !acceptsNull(child))) {
        prepared[key] = prepareInput(child, item, [...path, key], report);
      }
    }
    const known = Object.keys(shape);
    reportUnexpectedKeys(
      unexpected,
      path,
      known.length === 0
        ? "no keys"
        : `only the keys ${known.map((name) => JSON.stringify(name)).join(", ")}`,
      report,
    );
    return prepared;
  }
  const element = arrayElement(schema);
  if (element !== undefined && isJsonArray(value)) {
    return value.map((item, index) => prepareInput(element, item, [...path, index], report));
  }
  return value;
}

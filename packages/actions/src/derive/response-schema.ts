import { z } from "zod";
import type { AnyActionDefinition } from "../define/define-action.ts";
import { limits } from "../limits.ts";
import type { JsonObject } from "../schema/json.ts";
import { wireParamsSchema } from "./wire-params.ts";

/** What the response schema needs to know about one allowed action. */
export interface ResponseSchemaAction {
  readonly type: string;
  readonly description: string;
  readonly strictParams: JsonObject;
}

const messageDescription = "Your message to the user.";
const actionsDescription =
  "Actions to take, applied in this order; [] for none. The same action may appear more than once.";

/**
 * The strict JSON Schema of a response: `{ message, actions: [{ type, params }] }`, the items an
 * anyOf discriminated by a `const` type (strict mode has no oneOf/discriminator).
 */
export function buildResponseJsonSchema(actions: readonly ResponseSchemaAction[]): JsonObject {
  return {
    type: "object",
    properties: {
      message: {
        type: "string",
        description: `${messageDescription} At most ${limits.message} characters.`,
      },
      actions: {
        type: "array",
        description: actionsDescription,
        maxItems: actions.length === 0 ? 0 : limits.actionsPerResponse,
        items: actionItemsSchema(actions),
      },
    },
    required: ["message", "actions"],
    additionalProperties: false,
  };
}

function actionItemsSchema(actions: readonly ResponseSchemaAction[]): JsonObject {
  const branches = actions.map(actionBranch);
  const [only] = branches;
  if (only !== undefined && branches.length === 1) return only;
  // No allowed action: an empty object the model cannot use anyway (maxItems is 0).
  if (only === undefined) {
    return { type: "object", properties: {}, required: [], additionalProperties: false };
  }
  return { anyOf: branches };
}

function actionBranch(action: ResponseSchemaAction): JsonObject {
  return {
    type: "object",
    description: action.description,
    properties: {
      type: { type: "string", const: action.type },
      params: action.strictParams,
    },
    required: ["type", "params"],
    additionalProperties: false,
  };
}

/**
 * The same response as a zod schema (validates the wire form, outputs what handlers see). All or
 * nothing, like any zod schema; `parseModelResponse` is the forgiving, per-action parser.
 * `toCall` types each validated item (it is the kit's single typing boundary); items it refuses
 * are dropped, which cannot happen for items that passed their own definition's schema.
 */
export function buildResponseZodSchema<Call>(
  definitions: readonly AnyActionDefinition[],
  toCall: (type: string, params: unknown) => Call | undefined,
) {
  const items = definitions.map((definition) =>
    z.strictObject({
      type: z.literal(definition.type),
      params: wireParamsSchema(definition),
    }),
  );
  const [first, ...rest] = items;
  const item = first === undefined ? z.never() : z.discriminatedUnion("type", [first, ...rest]);
  return z
    .strictObject({
      message: z.string().max(limits.message),
      actions: z.array(item).max(limits.actionsPerResponse),
    })
    .transform(({ message, actions }) => ({
      message,
      actions: actions.flatMap((action) => {
        const call = toCall(action.type, action.params);
        return call === undefined ? [] : [call];
      }),
    }));
}

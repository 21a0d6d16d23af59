// The wire schemas of the two inputs that carry an action's params (`actions.execute`,
// `pending.approve`), derived from the catalog: one variant per action, its `type` a constant
// and its `params` the definition's JSON Schema. tRPC checks only the envelope (the engine
// parses the params, so a bad one is an audited failure); these schemas are what the plain-JSON
// surfaces document, so a new action appears in them with no edit here.
import {
  type ActionType,
  actionTypes,
  canInvoke,
  catalog,
  type JsonObject,
  paramsJsonSchema,
} from "@trellis/actions";

const idempotencyKeyProperty: JsonObject = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  description: "Replaying with the same key returns the first outcome; nothing is applied twice.",
};

/** Every action a user (or their app, or their agent) may invoke, in catalog order. */
export function userActionTypes(): ActionType[] {
  return actionTypes.filter((type) => canInvoke(type, "user"));
}

let execute: JsonObject | undefined;

export function executeInputJsonSchema(): JsonObject {
  execute ??= {
    oneOf: userActionTypes().map((type) => ({
      title: catalog[type].title,
      description: catalog[type].description,
      type: "object",
      properties: {
        type: { const: type },
        params: paramsJsonSchema(type),
        idempotencyKey: idempotencyKeyProperty,
      },
      required: ["type", "params"],
    })),
  };
  return execute;
}

let approve: JsonObject | undefined;

export function approveInputJsonSchema(): JsonObject {
  const base = {
    pendingActionId: { type: "string", minLength: 1, maxLength: 64 },
    idempotencyKey: idempotencyKeyProperty,
  };
  approve ??= {
    anyOf: [
      {
        title: "Approve as proposed",
        type: "object",
        properties: base,
        required: ["pendingActionId"],
      },
      ...actionTypes
        .filter((type) => catalog[type].confirmation)
        .map((type) => {
          const { required: _all, ...params } = paramsJsonSchema(type);
          return {
            title: `Approve ${catalog[type].title.toLowerCase()}, edited`,
            type: "object",
            properties: {
              ...base,
              type: { const: type },
              params: { ...params, description: "Only the params to change" },
            },
            required: ["pendingActionId", "type", "params"],
          };
        }),
    ],
  };
  return approve;
}

/** Test-side access to the package: its public entry, its kit entry and a few internals. */
export * from "../../src/index.ts";
export * from "../../src/kit/index.ts";
export { isJsonArray, isJsonObject } from "../../src/schema/json.ts";

import { actions } from "../../src/kit/index.ts";

/** Derivations of the real catalog that no other package uses (so not in the public entry). */
export const {
  actionTypeSchema,
  coachParamsJsonSchema,
  docsModel,
  responseFormat,
  responseSchema,
  resultJsonSchema,
  userOnlyParams,
} = actions;

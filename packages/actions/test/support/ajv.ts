import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";

/**
 * A strict Ajv (draft 2020-12): unknown keywords and odd schemas fail compilation. With the
 * `format` validators (ajv-formats), so a schema using any format strict mode allows compiles.
 */
export function createAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // ajv-formats is CommonJS: the ESM default import is `module.exports`, whose `default` is the
  // plugin (its typings declare only that).
  formats.default(ajv);
  return ajv;
}

import { Ajv2020 } from "ajv/dist/2020.js";

/** A strict Ajv (draft 2020-12): unknown keywords and odd schemas fail compilation. */
export function createAjv() {
  return new Ajv2020({ strict: true, allErrors: true });
}

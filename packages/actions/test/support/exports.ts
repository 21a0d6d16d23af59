/** Test-side access to the package (its public API plus a few internals tests exercise directly). */
export * from "../../src/index.ts";
export { isJsonArray, isJsonObject } from "../../src/schema/json.ts";

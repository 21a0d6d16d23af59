/**
 * @trellis/actions/kit: the machinery behind the package's public entry, for tests and tools.
 * Define actions and catalogs, derive a kit from any catalog (a fixture catalog in tests, N
 * synthetic actions in the type-check benchmark), and reach every derivation of the real catalog
 * through `actions`. Application code imports `@trellis/actions`, which exports only what other
 * packages use.
 */
export type { AnyCatalog, CallOf, HandlersOf } from "../define/catalog-types.ts";
export { type ActionDefinition, defineAction } from "../define/define-action.ts";
export { defineCatalog } from "../define/define-catalog.ts";
export { ref, referenceKindOf } from "../define/refs.ts";
export { stores } from "../define/stored-fields.ts";
export { renderDocs } from "../docs/markdown.ts";
export { identityStateSchema } from "../domain/identity.ts";
export { invokers } from "../domain/invokers.ts";
export { initialPhase } from "../domain/phases.ts";
export { questionKeySchema } from "../domain/questions.ts";
export { toolNamePattern } from "../derive/tools.ts";
export type { Problem } from "../parse/problems.ts";
export { phaseActions } from "../rules/coaching-rules.ts";
export { guardedFields, storedFieldParams } from "../rules/confirmation-rules.ts";
export { type PhaseActionsOf, type PhaseRules, phaseActionsOf } from "../rules/phase-rules.ts";
export { phaseTransitions } from "../rules/phase-transitions.ts";
export { checkStrictSchema, type StrictSchemaRule } from "../schema/check-strict.ts";
export { toJsonObject } from "../schema/json.ts";
export { isPostgresSafeText } from "../schema/safe-text.ts";
export { toStrictJsonSchema } from "../schema/strict.ts";
export { zodToJsonSchema } from "../schema/to-json-schema.ts";
export { type AnyActionCall, actions, type ParsedModelResponse } from "./actions.ts";
export { createActionKit } from "./create-action-kit.ts";
export type { ActionKit } from "./types.ts";

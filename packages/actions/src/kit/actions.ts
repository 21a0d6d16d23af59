import { type Catalog, catalog } from "../catalog/index.ts";
import type { CallOf } from "../define/catalog-types.ts";
import type { ParsedModelResponse as ParsedModelResponseOf } from "../parse/model-response.ts";
import { coachingRules } from "../rules/coaching-rules.ts";
import { createActionKit } from "./create-action-kit.ts";
import type { ActionKit } from "./types.ts";

/** Everything derived from the real catalog and the coaching rules. */
export const actions: ActionKit<Catalog> = createActionKit(catalog, coachingRules);

/** The discriminated union of every validated call of the real catalog. */
export type AnyActionCall = CallOf<Catalog>;
/** A parsed model response over the real catalog. */
export type ParsedModelResponse = ParsedModelResponseOf<AnyActionCall>;

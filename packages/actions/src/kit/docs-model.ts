// The kit's model of the catalog for the docs: every action with its schemas, every phase
// with its actions and transitions, and the limits.
import type { AnyCatalog } from "../define/catalog-types.ts";
import { actionTypeConstants } from "../derive/action-types.ts";
import type { ActionDoc, DocsModel } from "../docs/model.ts";
import { phases } from "../domain/phases.ts";
import { limits } from "../limits.ts";
import { referenceSlots } from "../references.ts";
import type { CatalogIndex } from "./catalog-index.ts";
import type { ParamSchemas } from "./param-schemas.ts";

export function buildDocsModel<C extends AnyCatalog>(
  index: CatalogIndex<C>,
  schemas: ParamSchemas,
): DocsModel {
  const { actionTypes } = index;
  const constants = actionTypeConstants(actionTypes);
  const constantOf = new Map(Object.entries(constants).map(([constant, type]) => [type, constant]));
  const actions: ActionDoc[] = actionTypes.map((type) => {
    const found = index.definition(type);
    return {
      type,
      constant: constantOf.get(type) ?? type.toUpperCase(),
      title: found.title,
      icon: found.icon,
      description: found.description,
      invokers: found.invokers,
      confirmation: found.confirmation,
      phases: index.phasesOfAction(type),
      params: schemas.paramsJsonSchema(type),
      strictParams: schemas.strictParamsJsonSchema(type),
      result: schemas.resultJsonSchema(type),
      references: referenceSlots(found.params),
    };
  });
  return {
    actions,
    phases: phases.map((phase, position) => ({
      phase,
      position,
      actions: index.coachActionsForPhase(phase),
      transitions: index.rules.phaseTransitions[phase],
    })),
    limits: { ...limits },
  };
}

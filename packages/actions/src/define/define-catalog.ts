import type { AnyActionDefinition } from "./define-action.ts";

/**
 * Builds the catalog object. The constraint makes each key equal its definition's `type`, so a
 * definition filed under the wrong key is a type error (and, for untyped callers, a run-time one).
 */
export function defineCatalog<
  const C extends { readonly [K in keyof C]: AnyActionDefinition & { readonly type: K } },
>(catalog: C): Readonly<C> {
  const oldNames = new Map<string, string>();
  for (const [key, definition] of Object.entries<AnyActionDefinition>(catalog)) {
    if (definition.type !== key) {
      throw new Error(`Catalog key "${key}" holds the definition of "${definition.type}"`);
    }
    for (const old of definition.renamedFrom ?? []) {
      // An old name must lead to one action, and not shadow an action that has it now.
      const claimed = Object.hasOwn(catalog, old) ? old : oldNames.get(old);
      if (claimed !== undefined) {
        throw new Error(`action ${key}: renamedFrom "${old}" is already the name of ${claimed}`);
      }
      oldNames.set(old, key);
    }
  }
  return Object.freeze(catalog);
}

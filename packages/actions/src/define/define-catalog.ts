import type { AnyActionDefinition } from "./define-action.ts";

/**
 * Builds the catalog object. The constraint makes each key equal its definition's `type`, so a
 * definition filed under the wrong key is a type error (and, for untyped callers, a run-time one).
 */
export function defineCatalog<
  const C extends { readonly [K in keyof C]: AnyActionDefinition & { readonly type: K } },
>(catalog: C): Readonly<C> {
  for (const [key, definition] of Object.entries<AnyActionDefinition>(catalog)) {
    if (definition.type !== key) {
      throw new Error(`Catalog key "${key}" holds the definition of "${definition.type}"`);
    }
  }
  return Object.freeze(catalog);
}

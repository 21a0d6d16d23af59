/** `{ CREATE_IDENTITY: "create_identity", … }`, the type of `actionTypeConstants(types)`. */
export type TypeConstants<T extends string> = { readonly [K in T as Uppercase<K>]: K };

/**
 * Builds the upper-case constant object of a list of action types. The one type assertion here is
 * unavoidable: `Object.fromEntries` cannot express key remapping, and the keys are produced by
 * exactly the rule the type states (`toUpperCase` ≡ `Uppercase` for snake_case ASCII).
 */
export function actionTypeConstants<T extends string>(types: readonly T[]): TypeConstants<T> {
  const entries = types.map((type) => [type.toUpperCase(), type] as const);
  return Object.freeze(Object.fromEntries(entries)) as TypeConstants<T>;
}

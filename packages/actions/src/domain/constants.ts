/**
 * Checks, at the type level, that every key of a constant object is the upper-case spelling of
 * its value (`{ GET_TO_KNOW_YOU: "get_to_know_you" }`), so the two spellings cannot drift apart.
 * It is an identity function: the object is frozen and returned as written.
 */
export function constants<const T extends { readonly [K in keyof T]: Lowercase<K & string> }>(
  values: T,
): Readonly<T> {
  return Object.freeze(values);
}

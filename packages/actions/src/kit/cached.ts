/** Memoizes a one-argument derivation (by argument identity). Boxed, so undefined caches too. */
export function cached<K, V>(derive: (key: K) => V): (key: K) => V {
  const cache = new Map<K, { readonly value: V }>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit.value;
    const value = derive(key);
    cache.set(key, { value });
    return value;
  };
}

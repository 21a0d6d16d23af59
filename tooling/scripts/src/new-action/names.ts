/** `nudge_user` → `nudge-user` (file names) / `nudgeUser` (identifiers) / `Nudge user` (titles). */
export function namesOf(type: string) {
  if (!/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/.test(type) || type.length > 64) {
    throw new Error(`action type must be snake_case and at most 64 characters: '${type}'`);
  }
  const words = type.split("_");
  return {
    type,
    file: words.join("-"),
    identifier: words
      .map((w, i) => (i === 0 ? w : (w[0]?.toUpperCase() ?? "") + w.slice(1)))
      .join(""),
    title: (words.join(" ")[0]?.toUpperCase() ?? "") + words.join(" ").slice(1),
  };
}

export type ActionNames = ReturnType<typeof namesOf>;

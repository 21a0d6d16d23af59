// Text from people (names, messages) made safe to show: bidirectional override and isolate
// controls are removed, so "Alice\u202eLTR" cannot make the words after it read backwards. The
// browser still lays out right-to-left scripts (dir="auto" on every block of user text).

/** LRE, RLE, PDF, LRO, RLO (U+202A–202E) and LRI, RLI, FSI, PDI (U+2066–2069). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

/** "identityId" → "Identity", "iAmStatement" → "I am statement", "new_name" → "New name". */
export function humanize(key: string): string {
  const words = key
    .replace(/Ids?$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Truncation of event payloads for the wire, by UTF-8 byte size (a string's `.length` counts
// UTF-16 units, so multi-byte text would slip past a length-based limit). The database keeps
// the full data; only what is published and streamed is cut.
import type { Json } from "@trellis/contract";

export const TRUNCATION_MARKER = "…[truncated]";

const encoder = new TextEncoder();

export function utf8ByteLength(text: string): number {
  return encoder.encode(text).byteLength;
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes, never splitting a code point. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return "";
  const bytes = encoder.encode(text);
  if (bytes.byteLength <= maxBytes) return text;
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) so the cut lands on a code point boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

export interface TruncatedJson {
  value: Json;
  truncated: boolean;
  /** Size of the original value's JSON encoding, in UTF-8 bytes. */
  originalBytes: number;
}

/**
 * Shrinks `value` until its JSON encoding fits in `maxBytes`: the longest strings are cut first
 * (each keeping a marker), then long arrays lose their tail. Keys and structure are kept so a
 * client can still render what remains.
 */
export function truncateJson(value: Json, maxBytes: number): TruncatedJson {
  const json = JSON.stringify(value);
  // A UTF-16 unit encodes to at most 3 UTF-8 bytes (a surrogate pair, 2 units, to 4): short
  // payloads, the common case, fit without being encoded at all.
  if (json.length * 3 <= maxBytes)
    return { value, truncated: false, originalBytes: utf8ByteLength(json) };
  const originalBytes = utf8ByteLength(json);
  if (originalBytes <= maxBytes) return { value, truncated: false, originalBytes };

  let current = value;
  let size = originalBytes;
  // Each round halves the budget for the largest strings and arrays; 24 rounds take any
  // string from gigabytes down to a few bytes, so the loop is bounded.
  for (let round = 0; round < 24 && size > maxBytes; round++) {
    const largest = largestLeafBytes(current);
    if (largest === 0) break;
    current = shrink(current, Math.max(16, Math.floor(largest / 2)));
    size = utf8ByteLength(JSON.stringify(current));
  }
  if (size > maxBytes) {
    // Pathological shapes (thousands of keys): fall back to a preview that always fits. JSON
    // escaping can grow text up to 6x (\u0000), hence the divisor.
    const shell = { truncated: TRUNCATION_MARKER, preview: "" };
    const room = maxBytes - utf8ByteLength(JSON.stringify(shell));
    const preview = truncateUtf8(JSON.stringify(current), Math.floor(Math.max(0, room) / 6));
    current = { ...shell, preview };
  }
  return { value: current, truncated: true, originalBytes };
}

function largestLeafBytes(value: Json): number {
  if (typeof value === "string") return utf8ByteLength(value);
  if (Array.isArray(value)) {
    return value.reduce<number>((max, item) => Math.max(max, largestLeafBytes(item)), value.length);
  }
  if (value !== null && typeof value === "object") {
    return Object.values(value).reduce<number>((max, v) => Math.max(max, largestLeafBytes(v)), 0);
  }
  return 0;
}

function shrink(value: Json, limit: number): Json {
  if (typeof value === "string") {
    if (utf8ByteLength(value) <= limit) return value;
    return truncateUtf8(value, limit) + TRUNCATION_MARKER;
  }
  if (Array.isArray(value)) {
    const kept = value.length > limit ? value.slice(0, limit) : value;
    const items = kept.map((item) => shrink(item, limit));
    return kept.length < value.length ? [...items, TRUNCATION_MARKER] : items;
  }
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(value)) out[key] = shrink(v, limit);
    return out;
  }
  return value;
}

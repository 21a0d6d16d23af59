import { limits } from "../limits.ts";
import { describeValue } from "./problems.ts";

export type ExtractedJson =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly expected: string;
      readonly received: string;
      readonly message: string;
    };

/** How many candidate objects we try in prose-wrapped output before giving up. */
const MAX_CANDIDATES = 8;

/**
 * Finds the JSON object in a model's text output, tolerating what models actually do:
 * markdown code fences, prose around the JSON, and the same object emitted twice back to back
 * (`{…}{…}`: the first one is used). Never throws.
 */
export function extractJson(text: string): ExtractedJson {
  if (utf8LengthUpTo(text, limits.rawResponseBytes) > limits.rawResponseBytes) {
    return {
      ok: false,
      expected: `at most ${limits.rawResponseBytes} bytes of text`,
      received: `more than ${limits.rawResponseBytes} bytes`,
      message: "Response too large",
    };
  }
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  const whole = tryParse(trimmed);
  if (whole.ok) return whole;
  // Whichever comes first wins: a fence before the first brace wraps the JSON; a fence after
  // it is inside the JSON (a code block in the message) or after it, and must be ignored.
  const fence = trimmed.indexOf("```");
  const brace = trimmed.indexOf("{");
  if (fence !== -1 && (brace === -1 || fence < brace)) {
    const fenced = fencedContent(trimmed, fence);
    if (fenced !== undefined) {
      const parsed = tryParse(fenced);
      if (parsed.ok) return parsed;
      const embedded = firstEmbeddedObject(fenced);
      if (embedded !== undefined) return { ok: true, value: embedded.value };
    }
  }
  const embedded = firstEmbeddedObject(trimmed);
  if (embedded !== undefined) return { ok: true, value: embedded.value };
  return {
    ok: false,
    expected: "one JSON object",
    received: trimmed === "" ? "empty text" : `text ${describeValue(trimmed)}`,
    message: `Not valid JSON (${whole.error})`,
  };
}

/** The content of the ``` fenced block opening at `open` (with or without a language tag). */
function fencedContent(text: string, open: number): string | undefined {
  const lineEnd = text.indexOf("\n", open);
  if (lineEnd === -1) return undefined;
  const close = text.indexOf("```", lineEnd);
  return (close === -1 ? text.slice(lineEnd + 1) : text.slice(lineEnd + 1, close)).trim();
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : "unparseable" };
  }
}

/**
 * The first balanced `{…}` that parses as JSON. Scans once per candidate start, tracking
 * strings and escapes so braces inside strings do not count; iterative, so no stack to blow.
 */
function firstEmbeddedObject(text: string): { value: unknown } | undefined {
  let start = text.indexOf("{");
  for (let attempt = 0; start !== -1 && attempt < MAX_CANDIDATES; attempt += 1) {
    const end = matchingBrace(text, start);
    if (end === -1) return undefined;
    const parsed = tryParse(text.slice(start, end + 1));
    if (parsed.ok) return { value: parsed.value };
    start = text.indexOf("{", start + 1);
  }
  return undefined;
}

/** Index of the `}` closing the object opened at `start`, or -1. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth += 1;
    else if (char === "}" || char === "]") {
      depth -= 1;
      if (depth === 0) return char === "}" ? index : -1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

/**
 * UTF-8 size of `text`, counting only until it passes `cap` (then returns cap + 1), so giant input
 * costs no more than the limit. No TextEncoder: it is not in the isomorphic lib.
 */
function utf8LengthUpTo(text: string, cap: number): number {
  // Every UTF-16 unit takes one to three bytes (a surrogate pair four for two units).
  if (text.length > cap) return cap + 1;
  if (text.length * 3 <= cap) return utf8Count(text);
  return Math.min(utf8Count(text), cap + 1);
}

function utf8Count(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

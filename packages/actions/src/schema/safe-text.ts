// Text that PostgreSQL can store. A `text` or `jsonb` value cannot hold U+0000 (NUL), and a
// string with an unpaired UTF-16 surrogate has no UTF-8 encoding: either makes the database
// reject the whole statement. Every text input is checked here, at the boundary, so such a
// value is a precise field error and never a failed write.
import { z } from "zod";

export const UNSAFE_TEXT_MESSAGE =
  "Text must not contain NUL (U+0000) characters or unpaired UTF-16 surrogates";

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isPostgresSafeText(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** For text that must be stored whatever it holds (an audit of a rejected request). */
export function toPostgresSafeText(text: string): string {
  return isPostgresSafeText(text)
    ? text
    : text.replaceAll("\u0000", "\uFFFD").replace(LONE_SURROGATES, "\uFFFD");
}

/** `z.string()` for input that will be stored: refuses what PostgreSQL cannot hold. */
export function safeString() {
  return z.string().refine(isPostgresSafeText, UNSAFE_TEXT_MESSAGE);
}

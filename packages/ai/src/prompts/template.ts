// `{{key}}` templating done in ONE pass: each placeholder is replaced by its value, and the
// values are never scanned again, so user data containing braces or `{{…}}` is inserted
// literally (the earlier system formatted twice and broke on braces).
import { type ContextKey, isContextKey, type PromptContext } from "./context-keys.ts";

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export class PromptTemplateError extends Error {
  override readonly name = "PromptTemplateError";
}

/** The placeholders a template uses, in order of first use. */
function placeholdersOf(body: string): string[] {
  const seen = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER)) if (match[1]) seen.add(match[1]);
  return [...seen];
}

/**
 * Checks a template against the keys it declares: every placeholder must be a known context
 * key and declared; every declared key must be known and used. Returns the keys, typed.
 */
export function validateTemplate(body: string, declared: readonly string[]): ContextKey[] {
  const problems: string[] = [];
  const keys: ContextKey[] = [];
  for (const key of declared) {
    if (!isContextKey(key)) problems.push(`unknown context key '${key}'`);
    else keys.push(key);
  }
  const used = placeholdersOf(body);
  for (const key of used) {
    if (!isContextKey(key)) problems.push(`placeholder {{${key}}} is not a context key`);
    else if (!declared.includes(key)) problems.push(`placeholder {{${key}}} is not declared`);
  }
  for (const key of keys) {
    if (!used.includes(key)) problems.push(`declared key '${key}' is not used`);
  }
  if (body.trim() === "") problems.push("the body is empty");
  if (problems.length > 0) throw new PromptTemplateError(problems.join("; "));
  return keys;
}

export function renderTemplate(body: string, context: PromptContext): string {
  return body.replace(PLACEHOLDER, (whole, key: string) =>
    isContextKey(key) ? context[key] : whole,
  );
}

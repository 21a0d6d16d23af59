/** A migration run that failed; `message` leads with the database's own error. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * Turns a schema engine error into a readable message. The engine's message starts with a
 * generic line ("external connector error") and ends with a Rust span trace; the PostgreSQL
 * error and the name of the failing migration are in between.
 */
export function describeEngineError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const failed = /migration_name="([^"]+)"/.exec(text)?.[1];
  const detail = text
    .split("\n")
    .filter((line) => !/^\s+(\d+:|at |with )/.test(line) && line !== "external connector error")
    .join("\n")
    .trim();
  return failed === undefined ? detail : `migration ${failed} failed: ${detail}`;
}

import type { Problem } from "./problems.ts";

/** Listing more than this many problems stops helping the model. */
const MAX_LISTED = 20;

/**
 * Feedback for the model after an invalid response: every problem with where it is, what was
 * expected and what was received, then what to do. Deterministic, so retries are reproducible.
 */
export function formatProblemsForModel(
  problems: readonly Problem[],
  mode: "response_format" | "tools" = "response_format",
): string {
  if (problems.length === 0) return "Your response was valid.";
  const listed = problems.slice(0, MAX_LISTED).map((item, position) => {
    const where = item.path === "" ? "The response" : item.path;
    return `${position + 1}. ${where}: ${item.message}. Expected ${item.expected}; received ${item.received}.`;
  });
  if (problems.length > MAX_LISTED) listed.push(`… and ${problems.length - MAX_LISTED} more.`);
  const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  return [
    `Your previous response had ${count}:`,
    ...listed,
    mode === "response_format"
      ? "Reply again with the whole response as one JSON object that follows the schema, with these problems fixed."
      : "Reply again with your message and all your tool calls, with these problems fixed.",
  ].join("\n");
}

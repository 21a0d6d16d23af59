import type { Problem } from "./problems.ts";

/** Listing more than this many problems stops helping the model. */
const MAX_LISTED = 20;

/**
 * Feedback for the model after an invalid response: every problem with where it is, what was
 * expected and what was received, then what to do. Deterministic, so retries are reproducible.
 */
export function formatProblemsForModel(problems: readonly Problem[]): string {
  if (problems.length === 0) return "Your response was valid.";
  const listed = problemLines(problems).map((line, position) =>
    position < MAX_LISTED ? `${position + 1}. ${line}` : line,
  );
  const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  return [
    `Your previous response had ${count}:`,
    ...listed,
    "Reply again with the whole response as one JSON object that follows the schema, with these problems fixed.",
  ].join("\n");
}

/**
 * Each problem as one line ("actions[0].params.name: Too big. Expected …; received …."), at
 * most `MAX_LISTED` of them plus a count of the rest: the list a model or a client is shown.
 */
export function problemLines(problems: readonly Problem[]): string[] {
  const lines = problems.slice(0, MAX_LISTED).map((item) => {
    const where = item.path === "" ? "The response" : item.path;
    return `${where}: ${item.message}. Expected ${item.expected}; received ${item.received}.`;
  });
  if (problems.length > MAX_LISTED) lines.push(`… and ${problems.length - MAX_LISTED} more.`);
  return lines;
}

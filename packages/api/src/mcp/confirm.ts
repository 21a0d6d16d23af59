// The confirmation an MCP tool call cannot skip. An agent's call of an action that needs the
// user's confirmation is recorded as a pending action (the engine does that for any request
// marked `agent`); here the user is asked through the client (MCP elicitation), when it can
// ask. The question shows the proposed params; a yes applies exactly the params stored with the
// pending action, once (`pending.approve` with no params: the server's copy, never the
// client's). Anything else leaves it pending, to approve, edit or reject in Trellis.
import type { PendingOutcome } from "@trellis/contract";
import { isJsonObject } from "@trellis/actions";

/** The elicitation's one field: a yes must be said, not defaulted. */
const APPROVE_FIELD = "approve";

export function approvalRequest(outcome: PendingOutcome, title: string) {
  const lines = isJsonObject(outcome.params)
    ? Object.entries(outcome.params).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`)
    : [`  ${JSON.stringify(outcome.params)}`];
  return {
    mode: "form" as const,
    message: [
      `Apply "${title}" with these values?`,
      ...lines,
      "Approving applies exactly these values, once. To change them, edit it in Trellis.",
    ].join("\n"),
    requestedSchema: {
      type: "object" as const,
      properties: {
        [APPROVE_FIELD]: {
          type: "boolean" as const,
          title: `Apply ${title.toLowerCase()}`,
          description: "Yes applies the values shown; no rejects the proposal.",
          default: false,
        },
      },
      required: [APPROVE_FIELD],
    },
  };
}

/** What the user answered, read strictly: any other key is an edit, which is not taken here. */
export type Answer = "approve" | "reject" | "edited" | "undecided";

export function readAnswer(result: {
  action: "accept" | "decline" | "cancel";
  content?: Record<string, unknown> | undefined;
}): Answer {
  if (result.action === "decline") return "reject";
  if (result.action !== "accept") return "undecided";
  const content = result.content ?? {};
  if (Object.keys(content).some((key) => key !== APPROVE_FIELD)) return "edited";
  return content[APPROVE_FIELD] === true ? "approve" : "reject";
}

export function pendingText(outcome: PendingOutcome, why: string): string {
  return [
    `pending: confirm in Trellis. ${why}`,
    `Pending action ${outcome.pendingActionId} (${outcome.type}) waits for the user's approval;`,
    `proposed params: ${JSON.stringify(outcome.params)}. Nothing was applied.`,
  ].join(" ");
}

// Renders the snapshot into the text a prompt's placeholders receive.
import type { PromptContext } from "../prompts/context-keys.ts";
import {
  type CoachSnapshot,
  categoriesRemaining,
  currentIdentity,
  remainingQuestions,
} from "./snapshot.ts";

const list = (items: readonly string[]) =>
  items.length > 0 ? items.map((i) => `- ${i}`).join("\n") : "(none)";

export function renderContext(snapshot: CoachSnapshot): PromptContext {
  const current = currentIdentity(snapshot);
  return {
    userName: snapshot.userName,
    phase: snapshot.phase,
    identities: list(
      snapshot.identities.map(
        (i) => `${i.name} (id: ${i.id}, category: ${i.category}, state: ${i.state})`,
      ),
    ),
    currentIdentity: current
      ? [
          `${current.name} (id: ${current.id}, category: ${current.category}, state: ${current.state})`,
          `notes:\n${list(current.notes)}`,
          `I am statement: ${current.iAmStatement ?? "(none yet)"}`,
          `visualization: ${current.visualization ?? "(none yet)"}`,
        ].join("\n")
      : "none",
    identityFocus: snapshot.identityFocus ?? "none",
    categoriesRemaining: list(categoriesRemaining(snapshot)),
    skippedCategories: list(snapshot.skippedCategories),
    whoYouAre: list(snapshot.whoYouAre),
    whoYouWantToBe: list(snapshot.whoYouWantToBe),
    userNotes: list(snapshot.userNotes),
    askedQuestions: list(snapshot.askedQuestions),
    remainingQuestions: list(remainingQuestions(snapshot)),
    recentConversation:
      snapshot.conversation.length > 0
        ? snapshot.conversation
            .map((entry) => {
              const actions =
                entry.actionSummaries.length > 0
                  ? `\n  [actions: ${entry.actionSummaries.join("; ")}]`
                  : "";
              return `${entry.role === "coach" ? "Coach" : snapshot.userName}: ${entry.content}${actions}`;
            })
            .join("\n")
        : "(this is the start of the conversation)",
  };
}

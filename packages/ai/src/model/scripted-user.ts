// The user side of a scripted session: what a person answers in each phase so that the
// scripted coach walks the whole flow (three identities brainstormed, every other category
// skipped). The demo and the end-to-end tests use it, so they exercise the same session.

const ANSWERS: Readonly<Record<string, string>> = {
  introduction: "I'm ready",
  get_to_know_you: "I grew up by the sea. I have two daughters.",
  identity_warm_up: "a mother, an engineer and a runner",
  brainstorming_review: "Looks good",
  identity_refinement: "Yes, that name works",
  anything_missing: "Nothing is missing",
  identity_commitment: "Yes, it's integral to me",
  i_am_statement: "I like it",
  identity_visualization: "I see myself crossing the finish line at dawn",
};

const BRAINSTORM = ["I love running marathons", "I build bridges", "My daughters"];

/** Answers in order; keeps count of brainstorming turns. */
export class ScriptedUser {
  #brainstormed = 0;

  answer(phase: string): string {
    if (phase === "identity_brainstorming") return BRAINSTORM[this.#brainstormed++] ?? "skip";
    return ANSWERS[phase] ?? "ok";
  }
}

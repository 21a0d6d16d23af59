import { defineAcceptStep } from "../define/accept-step.ts";

export const acceptIAmStatement = defineAcceptStep({
  type: "accept_i_am_statement",
  title: 'Accept "I am" statement',
  icon: "quote",
  description:
    'Mark an identity\'s "I am" statement as done (state `i_am_complete`) once the user has ' +
    "accepted its statement. The next identity still waiting for a statement becomes the current one.",
  identity: "The identity whose statement is done.",
  phases: ["i_am_statement"],
});

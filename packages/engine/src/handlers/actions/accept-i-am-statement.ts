import { acceptStep } from "../accept-step.ts";
import type { Handler } from "../handler.ts";

export const acceptIAmStatement: Handler<"accept_i_am_statement"> = acceptStep(
  "i_am",
  "I am statement",
);

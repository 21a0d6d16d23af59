import { acceptStep } from "../accept-step.ts";
import type { Handler } from "../handler.ts";

export const acceptIdentityRefinement: Handler<"accept_identity_refinement"> = acceptStep(
  "refinement",
  "refinement",
);

import { acceptStep } from "../accept-step.ts";
import type { Handler } from "../handler.ts";

export const acceptIdentityVisualization: Handler<"accept_identity_visualization"> = acceptStep(
  "visualization",
  "visualization",
);

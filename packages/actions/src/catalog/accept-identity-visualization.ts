import { defineAcceptStep } from "../define/accept-step.ts";

export const acceptIdentityVisualization = defineAcceptStep({
  type: "accept_identity_visualization",
  title: "Accept identity visualization",
  icon: "image",
  description:
    "Mark an identity's visualization as done (state `visualization_complete`) once the user " +
    "has a vivid picture of it. The next identity still waiting for a visualization becomes the " +
    "current one.",
  identity: "The identity whose visualization is done.",
  phases: ["identity_visualization"],
});

import { acceptStep } from "../accept-step.ts";
import type { Handler } from "../handler.ts";

export const acceptIdentityCommitment: Handler<"accept_identity_commitment"> = acceptStep(
  "commitment",
  "commitment",
);

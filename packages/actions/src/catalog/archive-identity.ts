import { z } from "zod";
import { defineAction } from "../define/define-action.ts";
import { resultFields } from "../define/fields.ts";
import { ref } from "../define/refs.ts";

export const archiveIdentity = defineAction({
  type: "archive_identity",
  title: "Archive identity",
  icon: "archive",
  description:
    "Archive one of the user's identities when the user decides it is not integral to who they " +
    "are. The user is asked to confirm first. In identity_commitment the next identity still " +
    "waiting for commitment becomes the current one.",
  params: z.object({
    identityId: ref.identity("The identity to archive."),
  }),
  result: z.object({
    identityId: resultFields.id("The archived identity."),
    nextCurrentIdentityId: resultFields.nextCurrentIdentityId(),
  }),
  invokers: ["coach", "user"],
  confirmation: true,
  phases: ["identity_commitment"],
});

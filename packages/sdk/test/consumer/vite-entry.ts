// What a browser app bundles: the client, a mutation, a subscription and ActionType.
import { ActionType, createClient } from "@trellis/sdk";

const client = createClient({ url: "/", token: "t" });
export const run = () =>
  client.actions.execute.mutate({
    type: ActionType.ADD_IDENTITY_NOTE,
    params: { identityId: "i", note: "n" },
  });
export const listen = () => client.events.subscribe.subscribe(undefined, {});

// The same wiring with @trpc/client and superjson alone: the floor the SDK is measured against.
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import superjson from "superjson";

const client = createTRPCClient({
  links: [
    splitLink({
      condition: (op) => op.type === "subscription",
      true: httpSubscriptionLink({
        url: "/trpc",
        transformer: superjson,
        connectionParams: () => ({ token: "t" }),
      }),
      false: httpBatchLink({
        url: "/trpc",
        transformer: superjson,
        headers: () => ({ authorization: "Bearer t" }),
      }),
    }),
  ],
});
export const run = () =>
  client.actions.execute.mutate({
    type: "add_identity_note",
    params: { identityId: "i", note: "n" },
  });
export const listen = () => client.events.subscribe.subscribe(undefined, {});

// Runs in Node (no global EventSource): the package imports, a client is created, and opening a
// subscription without an EventSource fails with an error that names the option.
import { ActionType, createClient } from "@trellis/sdk";

const client = createClient({ url: "http://127.0.0.1:9", token: "t" });
const message = await new Promise((resolve) => {
  const subscription = client.events.subscribe.subscribe(undefined, {
    onError: (error) => {
      subscription.unsubscribe();
      resolve(error.message);
    },
  });
});
console.log(JSON.stringify({ createIdentity: ActionType.CREATE_IDENTITY, message }));

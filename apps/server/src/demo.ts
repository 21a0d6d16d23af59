// `pnpm demo`: a whole coaching session through the SDK against a running server, printing the
// conversation (the coach's words as they stream in, chat.stream), every action's lifecycle as
// it streams in (events.subscribe), the confirmations it approves, and the final state.
//
//   pnpm demo [--url http://127.0.0.1:3000] [--token trl_…] [--same-user]
//
// URL and token default to TRELLIS_URL / TRELLIS_TOKEN, then to what `pnpm start` wrote in
// .data/demo.json. With an admin token (the demo account is one) the session runs as a new user
// each time, so it always starts at the introduction; --same-user runs as the token's user.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type ActionEventMessage, createClient, errorData, type TrellisClient } from "@trellis/sdk";
import { EventSource } from "eventsource";
import { defaultDemoFile } from "./config.ts";
import { runSession } from "./session.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    token: { type: "string" },
    "same-user": { type: "boolean", default: false },
  },
});

async function target(): Promise<{ url: string; token: string }> {
  let url = values.url ?? process.env.TRELLIS_URL;
  let token = values.token ?? process.env.TRELLIS_TOKEN;
  if (!url || !token) {
    const file = process.env.TRELLIS_DEMO_FILE ?? defaultDemoFile;
    let stored: { url?: unknown; token?: unknown } = {};
    try {
      stored = JSON.parse(await readFile(file, "utf8"));
    } catch {
      throw new Error(`No --url/--token given and ${file} is unreadable: run \`pnpm start\` first`);
    }
    url ??= typeof stored.url === "string" ? stored.url : undefined;
    token ??= typeof stored.token === "string" ? stored.token : undefined;
  }
  if (!url || !token) throw new Error("Missing server URL or token");
  return { url, token };
}

const print = (line = "") => process.stdout.write(`${line}\n`);
const indent = (text: string, prefix: string) =>
  text
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");

function describeEvent(event: ActionEventMessage): string {
  const icon = {
    started: "…",
    completed: "✓",
    failed: "✗",
    pending_confirmation: "?",
    rejected: "–",
  }[event.kind];
  const detail = event.summary ? `: ${event.summary}` : "";
  return `      ${icon} [${event.id}] ${event.actionType} ${event.kind}${detail}`;
}

/** A client for a brand-new user when the token is an admin's; else the token's own user. */
async function sessionClient(url: string, token: string): Promise<TrellisClient> {
  const admin = createClient({ url, token, EventSource });
  if (values["same-user"]) return admin;
  try {
    const stamp = new Date()
      .toISOString()
      .replace(/[^0-9]/g, "")
      .slice(0, 14);
    const user = await admin.admin.users.create.mutate({
      email: `demo-${stamp}-${Math.random().toString(36).slice(2, 6)}@trellis.local`,
      firstName: "Alex",
      lastName: "Demo",
    });
    const issued = await admin.admin.tokens.issue.mutate({ userId: user.id, name: "pnpm demo" });
    print(`Running the session as a new user, ${user.firstName} (${user.email}).`);
    return createClient({ url, token: issued.token, EventSource });
  } catch (error) {
    if (errorData(error)?.code !== "FORBIDDEN") throw error;
    print("Not an admin token: running the session as the token's own user.");
    return admin;
  }
}

async function main(): Promise<void> {
  const { url, token } = await target();
  print(`Trellis demo against ${url}`);
  try {
    await fetch(new URL("/health", url));
  } catch {
    throw new Error(`Cannot reach ${url}: is \`pnpm start\` running?`);
  }
  const client = await sessionClient(url, token);
  const health = await client.health.query();
  print(`Server health: ${health.status} (database ${health.db ? "ok" : "down"})`);
  print();

  const seen: ActionEventMessage[] = [];
  /** Whether the coach's streamed words are still on the current line. */
  let coachLineOpen = false;
  const subscription = client.events.subscribe.subscribe(undefined, {
    onData: ({ data }) => {
      seen.push(data);
      if (coachLineOpen) {
        print();
        coachLineOpen = false;
      }
      print(describeEvent(data));
    },
    onError: (error) => print(`  (event stream error: ${error.message})`),
  });

  const result = await runSession(client, {
    onUserMessage: (message, phase) => {
      print(`[${phase}]`);
      print(indent(message, "  you:   "));
    },
    onEvent: (event) => {
      // The coach's words as the model writes them; a re-ask starts the reply over. The line
      // ends before the actions run (their events are printed as they stream in).
      if (event.type === "turn.started") {
        process.stdout.write("  coach: ");
        coachLineOpen = true;
      } else if (event.type === "message.delta") {
        // An event line (e.g. the note taker's) came in between: continue on a new line.
        if (!coachLineOpen) process.stdout.write("  coach: …");
        coachLineOpen = true;
        process.stdout.write(event.text.replace(/\n/g, " "));
      } else if (event.type === "turn.reasked") {
        process.stdout.write("\n  (asked again)\n  coach: ");
      } else if (coachLineOpen) {
        print();
        coachLineOpen = false;
      }
    },
    onTurn: (turn) => {
      const replies = turn.coachMessage.component?.quickReplies;
      if (replies?.length) print(`  (quick replies: ${replies.join(" | ")})`);
      for (const c of turn.coachMessage.component?.confirmations ?? []) {
        print(`  (asks to confirm: ${c.title} ${JSON.stringify(c.params)})`);
      }
    },
    onApproved: (title, status) => print(`  you approve "${title}": ${status}`),
  });
  // Let the last events arrive before closing the stream.
  await new Promise((resolve) => setTimeout(resolve, 500));
  subscription.unsubscribe();

  const { final } = result;
  print();
  print(`Session ${result.complete ? "complete" : "NOT complete"} after ${result.turns} turns.`);
  print(`Phases: ${result.phases.join(" → ")}`);
  print(`Events streamed: ${seen.length}`);
  print(`Final phase: ${final.state.phase}`);
  print("Identities:");
  for (const identity of final.identities) {
    print(`  • ${identity.name} (${identity.category}, ${identity.state})`);
    if (identity.iAmStatement) print(`      ${identity.iAmStatement}`);
    if (identity.visualization) print(`      sees: ${identity.visualization}`);
  }
  if (final.notes.length)
    print(`Notes about the user: ${final.notes.map((n) => n.note).join("; ")}`);
  if (!result.complete) process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);

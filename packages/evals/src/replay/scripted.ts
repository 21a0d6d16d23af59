// The scripted model the committed recordings were made with: the repository's fake OpenAI
// server, answering each case from its script (scripted/<case>.json). Scripts are written to
// be right, wrong, partially wrong, invalid or policy-violating, so that the scores move.
// Ids are written as `<id:key>` (the case's identity keys); the proxy puts in the run's ids.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type FakeOpenAI, fakeReply, startFakeOpenAI } from "@trellis/ai/testing";
import { z } from "zod";

const actionSchema = z.object({ type: z.string(), params: z.record(z.string(), z.json()) });
const replySchema = z.union([
  z.object({ message: z.string(), actions: z.array(actionSchema).default([]) }).strict(),
  /** Text that is not a valid reply (the coach asks again). */
  z.object({ raw: z.string() }).strict(),
]);
const scriptSchema = z
  .object({
    /** What the script is meant to show, for a reader of the scores. */
    kind: z.enum(["right", "partial", "wrong", "invalid", "violating"]),
    /** Structured mode: reply n answers attempt n (the last one repeats). */
    replies: z.array(replySchema).min(1),
    /** Earlier turns of a case with several messages: the replies to each user message. */
    before: z
      .array(z.object({ user: z.string(), replies: z.array(replySchema).min(1) }).strict())
      .default([]),
  })
  .strict();
export type Script = z.infer<typeof scriptSchema>;
type Reply = z.infer<typeof replySchema>;

export async function loadScripts(dir: string): Promise<Map<string, Script>> {
  const scripts = new Map<string, Script>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith(".json"))) {
    const parsed = scriptSchema.safeParse(JSON.parse(await readFile(join(dir, name), "utf8")));
    if (!parsed.success) throw new Error(`scripted/${name}: ${parsed.error.message}`);
    scripts.set(name.slice(0, -".json".length), parsed.data);
  }
  return scripts;
}

/** The fake OpenAI server answering from the scripts (the case comes in `x-eval-case`). */
export function startScriptedModel(scripts: ReadonlyMap<string, Script>): Promise<FakeOpenAI> {
  return startFakeOpenAI({
    respond: (body, request) => {
      const caseId = request.headers["x-eval-case"] ?? "";
      const script = scripts.get(caseId);
      if (!script) throw new Error(`no script for case ${caseId}`);
      const messages = body.messages;
      // The user's own message is the first one after the system prompt (later ones are the
      // turn's feedback on invalid replies).
      const said = messages.find((m) => m.role === "user")?.content;
      const replies = script.before.find((turn) => turn.user === said)?.replies ?? script.replies;
      if (body.tools !== undefined) {
        // Tool calling: first the calls of the first well-formed reply, then its message.
        const reply = replies.find((r): r is Exclude<Reply, { raw: string }> => !("raw" in r));
        const answered = messages.some((m) => m.role === "tool");
        const first = replies[0];
        if (!reply) return fakeReply.text(first && "raw" in first ? first.raw : "");
        if (answered || reply.actions.length === 0) return fakeReply.text(reply.message);
        return fakeReply.toolCalls(
          reply.actions.map((action) => ({
            name: action.type,
            arguments: JSON.stringify(action.params),
          })),
        );
      }
      const attempt = messages.filter((m) => m.role === "assistant").length;
      const reply = replies[Math.min(attempt, replies.length - 1)];
      if (reply === undefined || "raw" in reply) return fakeReply.text(reply?.raw ?? "");
      return fakeReply.json({ message: reply.message, actions: reply.actions });
    },
  });
}

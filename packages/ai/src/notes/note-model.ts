// What the note taker asks its model: given the user's latest message and the notes kept so
// far, which notes to add, update or delete. The actions it may use are the catalog's
// system-invokable ones; the response schema is derived from their strict params schemas.
import { type ActionType, actionTypes, canInvoke, strictParamsJsonSchema } from "@trellis/actions";
import { ProviderModel } from "../providers/provider-model.ts";

export interface NoteModelInput {
  userMessage: string;
  notes: ReadonlyArray<{ id: string; note: string }>;
}

export interface NoteModel {
  readonly name: string;
  /** Raw JSON text: `{ "actions": [{ "type", "params" }] }` (validated by the caller). */
  propose(input: NoteModelInput): Promise<string>;
}

export const noteActionTypes: readonly ActionType[] = actionTypes.filter((type) =>
  canInvoke(type, "system"),
);

function noteResponseJsonSchema(): Record<string, unknown> {
  return {
    type: "object",
    additionalProperties: false,
    required: ["actions"],
    properties: {
      actions: {
        type: "array",
        items: {
          anyOf: noteActionTypes.map((type) => ({
            type: "object",
            additionalProperties: false,
            required: ["type", "params"],
            properties: {
              type: { type: "string", enum: [type] },
              params: strictParamsJsonSchema(type),
            },
          })),
        },
      },
    },
  };
}

const INSTRUCTIONS = [
  "You keep long-term notes about a coaching client: stable facts about their life, family,",
  "work, values and goals that will help a coach later. Read the client's latest message and the",
  "notes you already have. Add a note for each new durable fact, update a note that the message",
  "corrects, delete a note that is no longer true. Do not note small talk or feelings of the moment.",
  "Most messages need no change: then reply with an empty actions list.",
].join(" ");

export class ProviderNoteModel extends ProviderModel implements NoteModel {
  async propose(input: NoteModelInput): Promise<string> {
    const notes = input.notes.map((n) => `- (id: ${n.id}) ${n.note}`).join("\n") || "(none yet)";
    const reply = await this.provider.structured({
      schemaName: "note_taker_response",
      jsonSchema: noteResponseJsonSchema(),
      messages: [
        { role: "system", content: `${INSTRUCTIONS}\n\nNotes so far:\n${notes}` },
        { role: "user", content: input.userMessage },
      ],
    });
    return reply.raw;
  }
}

/** Offline: notes first-person statements of fact ("I have two kids", "My job is …"). */
export class ScriptedNoteModel implements NoteModel {
  readonly name = "scripted";

  async propose(input: NoteModelInput): Promise<string> {
    const known = new Set(input.notes.map((n) => n.note.toLowerCase()));
    const facts = input.userMessage
      .split(/(?<=[.!?])\s+|\n/)
      .map((sentence) => sentence.trim().replace(/[.!?]+$/, ""))
      .filter(
        (sentence) => /^(i|my|i'm|i've)\b/i.test(sentence) && sentence.split(/\s+/).length >= 4,
      )
      .filter((sentence) => !known.has(sentence.toLowerCase()))
      .slice(0, 5);
    return JSON.stringify({
      actions: facts.map((note) => ({
        type: "add_user_note",
        params: { note: note.slice(0, 1000) },
      })),
    });
  }
}

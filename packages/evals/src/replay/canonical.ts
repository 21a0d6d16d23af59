// Requests and replies with the run's ids taken out. Every run instantiates its users anew,
// so the ids in a prompt differ from run to run: the identities of a case's start become
// `<id:key>` and any other UUID `<uuid:n>` (numbered in order of appearance within the case
// run). The hash of the canonical request is then the same in every run, and a recorded reply
// is put back with this run's ids.
import { createHash } from "node:crypto";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const PLACEHOLDER = /<(id|uuid):([a-z0-9_-]+)>/gi;
const PLACEHOLDER_OR_UUID = new RegExp(`${PLACEHOLDER.source}|${UUID.source}`, "gi");

/** The id ↔ placeholder mapping of one case run (shared by all its model calls). */
export class IdCanon {
  readonly #toPlaceholder = new Map<string, string>();
  readonly #toId = new Map<string, string>();
  #next = 0;

  constructor(ids: ReadonlyMap<string, string>) {
    for (const [key, id] of ids) this.#pair(id.toLowerCase(), `<id:${key}>`);
  }

  #pair(id: string, placeholder: string): void {
    this.#toPlaceholder.set(id, placeholder);
    this.#toId.set(placeholder, id);
  }

  /** Ids → placeholders (placeholders already in the text stay as they are). */
  canonical(text: string): string {
    return text.replace(PLACEHOLDER_OR_UUID, (match) => {
      // A placeholder stays whole, even when its key is itself a UUID (a frozen snapshot's id).
      if (match.startsWith("<")) return match;
      const id = match.toLowerCase();
      let placeholder = this.#toPlaceholder.get(id);
      if (placeholder === undefined) {
        placeholder = `<uuid:${this.#next++}>`;
        this.#pair(id, placeholder);
      }
      return placeholder;
    });
  }

  /** Placeholders → this run's ids; an unknown one stays (the engine then refuses the id). */
  concrete(text: string): string {
    return text.replace(PLACEHOLDER, (match) => this.#toId.get(match.toLowerCase()) ?? match);
  }
}

/** Fields of a request that do not change the reply's content. */
const TRANSPORT_FIELDS = new Set(["stream", "stream_options"]);

/**
 * The recording key: SHA-256 of the canonical request (model, messages, response schema or
 * tools, sampling settings: every field but the transport ones), with sorted keys.
 */
export function requestKey(canonicalBody: unknown): string {
  const json = stableJson(canonicalBody, true);
  return createHash("sha256").update(json).digest("hex").slice(0, 32);
}

function stableJson(value: unknown, top = false): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item)).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([key, item]) => item !== undefined && !(top && TRANSPORT_FIELDS.has(key)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

// The coach's words while a structured reply streams in: the reply is one JSON object, and
// its `message` string grows chunk by chunk. @streamparser/json (an incremental, spec-
// compliant tokenizer: escapes and surrogate pairs split across chunks are handled) reports
// the string's partial value; this turns its growth into appended text. It only ever SHOWS
// text early: the complete reply is still parsed and validated as a whole before anything is
// stored or applied.
import { JSONParser } from "@streamparser/json";
import { limits } from "@trellis/actions";

/** Text PostgreSQL cannot store (NUL) or that is not well-formed UTF-16 (lone surrogates). */
function unsafe(text: string): boolean {
  return text.includes("\0") || !text.isWellFormed();
}

export class MessageDeltas {
  readonly #parser: JSONParser;
  readonly #onText: (text: string) => void;
  /** The message text already handed out (a prefix of the message, always well-formed). */
  #sent = "";
  /** Set once the reply cannot be shown as it grows (invalid JSON, unsafe or oversized text). */
  #stopped = false;

  constructor(onText: (text: string) => void) {
    this.#onText = onText;
    this.#parser = new JSONParser({
      paths: ["$.message"],
      keepStack: false,
      emitPartialTokens: true,
      emitPartialValues: true,
    });
    this.#parser.onValue = ({ value }) => {
      if (typeof value === "string") this.#grow(value);
    };
    // A syntax error only ends the preview; the whole reply's parse reports the problem.
    this.#parser.onError = () => {
      this.#stopped = true;
    };
  }

  /** Feeds the next raw chunk of the reply. */
  write(chunk: string): void {
    if (this.#stopped || chunk === "") return;
    try {
      this.#parser.write(chunk);
    } catch {
      this.#stopped = true;
    }
  }

  /** The text handed out so far. */
  get text(): string {
    return this.#sent;
  }

  #grow(value: string): void {
    if (this.#stopped) return;
    // A message too long to be accepted is not shown (the parser would rebuild it per chunk).
    if (value.length > limits.message || !value.startsWith(this.#sent)) {
      this.#stopped = true;
      return;
    }
    let next = value;
    // A high surrogate at the end may still be paired by the next chunk: wait for it.
    const last = next.charCodeAt(next.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) next = next.slice(0, -1);
    const added = next.slice(this.#sent.length);
    if (added === "") return;
    if (unsafe(added)) {
      // The reply will be refused as a whole; show nothing of what follows.
      this.#stopped = true;
      return;
    }
    this.#sent = next;
    this.#onText(added);
  }
}

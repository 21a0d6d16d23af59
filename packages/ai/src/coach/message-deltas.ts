// The coach's words while a reply streams in. In structured mode the reply is one JSON object
// whose `message` string grows chunk by chunk: @streamparser/json (an incremental, spec-
// compliant tokenizer: escapes and surrogate pairs split across chunks are handled) reports the
// string's partial value. In tool-calling mode the text arrives as it is. Either way this only
// ever SHOWS text early: the complete reply is still parsed and validated as a whole before
// anything is stored or applied.
import { JSONParser } from "@streamparser/json";
import { limits } from "@trellis/actions";

/** Text PostgreSQL cannot store (NUL) or that is not well-formed UTF-16 (lone surrogates). */
function unsafe(text: string): boolean {
  return text.includes("\0") || !text.isWellFormed();
}

/**
 * Text shown as it grows, never anything a client could not store or render: a high surrogate
 * at the end waits for its pair, and the first NUL or lone surrogate, or a text longer than a
 * message may be, ends the showing (such a reply is refused as a whole).
 */
export class TextDeltas {
  readonly #onText: (text: string) => void;
  /** Shown so far: always well-formed, always a prefix of the text. */
  #sent = "";
  /** Received so far (plain text mode). */
  #received = "";
  #stopped = false;

  constructor(onText: (text: string) => void) {
    this.#onText = onText;
  }

  get text(): string {
    return this.#sent;
  }

  stop(): void {
    this.#stopped = true;
  }

  /** Shows `value`, the whole text so far, where it extends what was shown. */
  grow(value: string): void {
    if (this.#stopped) return;
    if (value.length > limits.message || !value.startsWith(this.#sent)) {
      this.#stopped = true;
      return;
    }
    let next = value;
    const last = next.charCodeAt(next.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) next = next.slice(0, -1);
    const added = next.slice(this.#sent.length);
    if (added === "") return;
    if (unsafe(added)) {
      this.#stopped = true;
      return;
    }
    this.#sent = next;
    this.#onText(added);
  }

  /** Shows the next piece of a plain-text reply. */
  append(chunk: string): void {
    if (this.#stopped) return;
    this.#received += chunk;
    this.grow(this.#received);
  }
}

/** The `message` of a structured reply, shown as the reply's JSON streams in. */
export class MessageDeltas {
  readonly #parser: JSONParser;
  readonly #text: TextDeltas;
  #broken = false;

  constructor(onText: (text: string) => void) {
    this.#text = new TextDeltas(onText);
    this.#parser = new JSONParser({
      paths: ["$.message"],
      keepStack: false,
      emitPartialTokens: true,
      emitPartialValues: true,
    });
    this.#parser.onValue = ({ value }) => {
      if (typeof value === "string") this.#text.grow(value);
    };
    // A syntax error only ends the preview; the whole reply's parse reports the problem.
    this.#parser.onError = () => {
      this.#broken = true;
    };
  }

  /** Feeds the next raw chunk of the reply. */
  write(chunk: string): void {
    if (this.#broken || chunk === "") return;
    try {
      this.#parser.write(chunk);
    } catch {
      this.#broken = true;
    }
  }

  /** The text shown so far. */
  get text(): string {
    return this.#text.text;
  }
}

// The coach's words shown while a structured reply streams in: every way a chunk boundary can
// fall (inside an escape, between the halves of a surrogate pair), and hostile text.
import { describe, expect, it } from "vitest";
import { MessageDeltas, TextDeltas } from "../src/coach/message-deltas.ts";

function show(chunks: readonly string[]): string[] {
  const shown: string[] = [];
  const deltas = new MessageDeltas((text) => shown.push(text));
  for (const chunk of chunks) deltas.write(chunk);
  return shown;
}

/** The JSON text cut into pieces of `size` characters. */
function cut(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

describe("MessageDeltas", () => {
  const message = 'Say "hi" — \\ back\nslash, tab\t and 😀 too: \u00e9\u4e2d';
  const reply = JSON.stringify({ message, actions: [{ type: "x", params: { message: "no" } }] });

  it("shows exactly the message, whatever the chunk size (escapes and pairs split anywhere)", () => {
    for (const size of [1, 2, 3, 5, 7, 64]) {
      expect(show(cut(reply, size)).join(""), `chunks of ${size}`).toBe(message);
    }
  });

  it("only appends: every piece extends the text, none is empty or half a pair", () => {
    const pieces = show(cut(reply, 1));
    expect(pieces.length).toBeGreaterThan(10);
    for (const piece of pieces) {
      expect(piece).not.toBe("");
      expect(piece.isWellFormed()).toBe(true);
    }
  });

  it("shows \\u escapes of a surrogate pair split across chunks as one character", () => {
    expect(show(['{"message": "a \\ud83d', '\\ude00 b"}']).join("")).toBe("a 😀 b");
  });

  it("stops before a NUL or a lone surrogate, and shows nothing after it", () => {
    expect(show(['{"message": "ok ', 'then\\u0000 more"}']).join("")).toBe("ok ");
    expect(show(['{"message": "ok ', "\\ud800 x", ' more"}']).join("")).toBe("ok ");
    expect(show(['{"message": "ok \\udc00 more"}']).join("")).toBe("");
  });

  it("stops at a message longer than any accepted one, and after invalid JSON", () => {
    const long = show(cut(JSON.stringify({ message: "y".repeat(50_000) }), 4096)).join("");
    expect(long.length).toBeLessThanOrEqual(10_000);
    expect(show(['{"message": "fine', '", }}}', ' "more"}']).join("")).toBe("fine");
  });

  it("ignores a message that is not a string, and text outside the message", () => {
    expect(show(['{"actions": [], "message": 42}'])).toEqual([]);
    expect(show(['{"note": "not this", "message": "this"}']).join("")).toBe("this");
  });
});

describe("TextDeltas (tool-calling text)", () => {
  it("appends plain pieces, holding a high surrogate until its pair arrives", () => {
    const shown: string[] = [];
    const deltas = new TextDeltas((text) => shown.push(text));
    for (const piece of ["Hi \ud83d", "\ude00", " there"]) deltas.append(piece);
    expect(shown).toEqual(["Hi ", "😀", " there"]);
    deltas.append("\u0000 no");
    deltas.append(" more");
    expect(deltas.text).toBe("Hi 😀 there");
  });
});

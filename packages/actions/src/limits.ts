/**
 * Size limits, in one place so the catalog, the parsers and the docs agree. String lengths are in
 * UTF-16 code units (what `string.length` and zod's `.max()` count).
 */
export const limits = Object.freeze({
  /** Entity ids (identities, user notes). */
  id: 64,
  /** Identity names: "1-2 word names", with room to spare. */
  name: 60,
  /** Identity notes and user notes. */
  note: 1000,
  /** "I am …" statements. */
  statement: 500,
  /** An identity's visualization: a vivid picture, a paragraph or two. */
  visualization: 2000,
  /** One entry of "who you are" / "who you want to be". */
  listItem: 200,
  /** Entries in "who you are" / "who you want to be". */
  listItems: 30,
  /** One canned (quick) reply button. */
  cannedReply: 80,
  /** Canned reply buttons shown at once. */
  cannedReplies: 4,
  /** A user's chat message (what the message box accepts). */
  userMessage: 4000,
  /** The coach's chat message in one response. */
  message: 10_000,
  /** Actions in one model response. */
  actionsPerResponse: 32,
  /** Raw model output (text) accepted for parsing, in UTF-8 bytes. */
  rawResponseBytes: 256 * 1024,
  /** Nesting depth of untrusted input we are willing to walk. */
  inputDepth: 64,
  /** JSON values (nodes) of untrusted input we are willing to walk in one parse. */
  inputNodes: 50_000,
});

// UUID version 7 (RFC 9562: 48-bit Unix milliseconds, then random bits), what Prisma's
// `@default(uuid(7))` gives, for rows the turn writes in its own SQL. Monotonic within this
// process: ids drawn in the same millisecond still sort in the order they were drawn (a turn's
// user and coach messages may share a `createdAt`, and history breaks ties by id).
import { randomBytes } from "node:crypto";

let lastMs = 0;
let counter = 0;

export function uuid7(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = randomBytes(2).readUInt16BE(0) & 0x7ff;
  } else {
    counter++;
    // 12 bits exhausted within one millisecond: borrow the next one.
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

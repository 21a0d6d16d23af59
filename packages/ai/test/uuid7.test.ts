// The ids a turn draws for its own rows (the `uuid` package's v7): UUIDv7 in form, in draw
// order even within one millisecond (history breaks `createdAt` ties by id), which the turn
// relies on.
import { v7 as uuid7 } from "uuid";
import { expect, it } from "vitest";

it("draws version-7 UUIDs that sort in the order they were drawn", () => {
  const ids = Array.from({ length: 5_000 }, () => uuid7());
  for (const id of ids) {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(ids.length);
  // The leading 48 bits are the time in milliseconds.
  const ms = Number.parseInt(ids[0]?.replaceAll("-", "").slice(0, 12) ?? "", 16);
  expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
});

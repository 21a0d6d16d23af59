import { describe, expect, it } from "vitest";
import type { Json } from "@trellis/contract";
import {
  TRUNCATION_MARKER,
  truncateJson,
  truncateUtf8,
  utf8ByteLength,
} from "../src/events/truncate.ts";

const bytesOf = (value: Json) => utf8ByteLength(JSON.stringify(value));

describe("truncateUtf8", () => {
  it("measures bytes, not UTF-16 units", () => {
    expect("héllo".length).toBe(5);
    expect(utf8ByteLength("héllo")).toBe(6);
    expect(utf8ByteLength("🌱")).toBe(4);
  });

  it("never splits a code point", () => {
    const text = "ab🌱cd";
    expect(truncateUtf8(text, 3)).toBe("ab");
    expect(truncateUtf8(text, 5)).toBe("ab");
    expect(truncateUtf8(text, 6)).toBe("ab🌱");
    expect(truncateUtf8("日本語", 4)).toBe("日");
  });

  it("returns short text unchanged", () => {
    expect(truncateUtf8("short", 100)).toBe("short");
  });
});

describe("truncateJson", () => {
  it("keeps values within the budget untouched", () => {
    const value = { summary: "ok", items: [1, 2, 3] };
    expect(truncateJson(value, 1000)).toEqual({
      value,
      truncated: false,
      originalBytes: bytesOf(value),
    });
  });

  it("cuts multi-byte text by bytes, where a length check would let it through", () => {
    // 1,000 characters, 4,000 bytes: under a 1,024 "length" limit, over a 1,024-byte one.
    const value = { note: "🌱".repeat(1000) };
    expect(value.note.length).toBe(2000);
    const out = truncateJson(value, 1024);
    expect(out.truncated).toBe(true);
    expect(out.originalBytes).toBe(bytesOf(value));
    expect(bytesOf(out.value)).toBeLessThanOrEqual(1024);
    const note = (out.value as { note: string }).note;
    expect(note.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(note).not.toContain("\uFFFD");
  });

  it("keeps keys and small fields while cutting the large one", () => {
    const value = { id: "abc", summary: "Created identity", big: "x".repeat(50_000) };
    const out = truncateJson(value, 2048);
    const kept = out.value as { id: string; summary: string; big: string };
    expect(kept.id).toBe("abc");
    expect(kept.summary).toBe("Created identity");
    expect(bytesOf(out.value)).toBeLessThanOrEqual(2048);
  });

  it("shortens long arrays with a marker", () => {
    const value = { items: Array.from({ length: 5000 }, (_, i) => i) };
    const out = truncateJson(value, 512);
    const items = (out.value as { items: Json[] }).items;
    expect(items.at(-1)).toBe(TRUNCATION_MARKER);
    expect(bytesOf(out.value)).toBeLessThanOrEqual(512);
  });

  it("always fits, whatever the shape", () => {
    const manyKeys: { [key: string]: Json } = {};
    for (let i = 0; i < 3000; i++) manyKeys[`key_${i}`] = i;
    for (const value of [manyKeys, ["\u0000".repeat(10_000)], { deep: [[["é".repeat(9999)]]] }]) {
      const out = truncateJson(value, 256);
      expect(bytesOf(out.value)).toBeLessThanOrEqual(256);
      expect(out.truncated).toBe(true);
    }
  });
});

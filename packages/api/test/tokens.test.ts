import { createTestDb, createTestUser, type TestDb } from "@trellis/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, hashToken, issueToken, revokeToken } from "../src/tokens.ts";

let db: TestDb;
let userId: string;
beforeAll(async () => {
  db = await createTestDb();
  userId = await createTestUser(db, { role: "admin", coachState: false });
});
afterAll(() => db.dispose());

describe("API tokens", () => {
  it("stores only the sha-256 hex digest, never the token", async () => {
    const issued = await issueToken(db, userId, "test");
    expect(issued.token).toMatch(/^trl_[A-Za-z0-9_-]{43}$/);
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: issued.tokenId } });
    expect(row.tokenHash).toBe(hashToken(issued.token));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(issued.token);
  });

  it("authenticates with the role and records lastUsedAt", async () => {
    const issued = await issueToken(db, userId, "test");
    expect(await authenticate(db, issued.token)).toEqual({
      userId,
      role: "admin",
      tokenId: issued.tokenId,
    });
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: issued.tokenId } });
    expect(row.lastUsedAt).toBeInstanceOf(Date);
  });

  it("rejects unknown, empty, oversized and revoked tokens", async () => {
    const issued = await issueToken(db, userId, "test");
    expect(await authenticate(db, "trl_nope")).toBeNull();
    expect(await authenticate(db, "")).toBeNull();
    expect(await authenticate(db, "x".repeat(500))).toBeNull();
    expect(await revokeToken(db, issued.tokenId, "someone-else")).toBe(false);
    expect(await authenticate(db, issued.token)).not.toBeNull();
    expect(await revokeToken(db, issued.tokenId, userId)).toBe(true);
    expect(await authenticate(db, issued.token)).toBeNull();
    expect(await revokeToken(db, issued.tokenId, userId)).toBe(false);
  });
});

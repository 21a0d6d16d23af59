// The rows the ownership check read are handed to the handler once, so a handler that writes an
// identity and looks it up again reads the database, not the stale row.
import type { Identity } from "@trellis/db";
import { describe, expect, it } from "vitest";
import { PreloadedRows } from "../src/handlers/preloaded.ts";

const identity = (id: string, name: string): Identity => ({
  id,
  userId: "u1",
  name,
  category: "physical_expression",
  state: "accepted",
  order: 0,
  notes: [],
  visualization: null,
  iAmStatement: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe("PreloadedRows", () => {
  it("hands out each identity once", () => {
    const rows = new PreloadedRows();
    rows.addIdentity(identity("a", "Runner"));
    rows.addIdentity(identity("b", "Writer"));
    expect(rows.takeIdentity("a")?.name).toBe("Runner");
    expect(rows.takeIdentity("a")).toBeUndefined();
    expect(rows.takeIdentity("b")?.name).toBe("Writer");
    expect(rows.takeIdentity("c")).toBeUndefined();
  });
});

// The SDK's ActionType constants are the catalog's (the type checker already proves it; this
// checks the values at run time too).
import { ActionType as fromCatalog } from "@trellis/actions";
import { describe, expect, it } from "vitest";
import { ActionType, trpcUrl } from "../src/index.ts";

describe("ActionType", () => {
  it("equals the catalog's constants, key for key", () => {
    expect(ActionType).toEqual(fromCatalog);
    expect(Object.keys(ActionType)).toEqual(Object.keys(fromCatalog));
    expect(Object.isFrozen(ActionType)).toBe(true);
  });
});

describe("trpcUrl", () => {
  it("accepts the base URL or the endpoint", () => {
    expect(trpcUrl("http://h:1")).toBe("http://h:1/trpc");
    expect(trpcUrl("http://h:1/")).toBe("http://h:1/trpc");
    expect(trpcUrl("http://h:1/trpc/")).toBe("http://h:1/trpc");
  });
});

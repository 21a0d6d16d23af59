// Expected error: names celebrate_milestone (added to the fixture catalog, no handler yet).
import type { HandlersOf } from "../../src/kit/index.ts";
import type { FixtureCatalog } from "../support/fixture.ts";
import { type Ctx, complete } from "../types/handlers.ts";

export const server = complete satisfies HandlersOf<FixtureCatalog, Ctx>;

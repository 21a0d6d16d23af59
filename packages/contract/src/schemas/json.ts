import { z } from "zod";
import type { Json } from "../json.ts";

/** Any JSON value (the `Json` type), e.g. an action's stored params or result. */
export const jsonSchema: z.ZodType<Json> = z
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(jsonSchema),
      z.record(z.string(), jsonSchema),
    ]),
  )
  // Named: JSON Schema states the recursion as a reference to this definition.
  .meta({ id: "Json", description: "Any JSON value" });

import { z } from "zod";
import { actionErrorKinds, type DetailedError, type FieldError } from "../errors.ts";
import { shapeOf } from "./shape.ts";

const fieldErrorSchema = shapeOf<FieldError>()(z.object({ path: z.string(), message: z.string() }));

const causeSchema = shapeOf<NonNullable<DetailedError["cause"]>>()(
  z.object({ name: z.string(), message: z.string(), code: z.string().optional() }),
);

/** An action's failure as stored in the audit log (`Action.error`) and in turn results. */
export const detailedErrorSchema = shapeOf<DetailedError>()(
  z.object({
    name: z.string(),
    kind: z.enum(actionErrorKinds),
    message: z.string(),
    actionType: z.string(),
    fieldErrors: z.array(fieldErrorSchema).optional(),
    cause: causeSchema.optional(),
  }),
);

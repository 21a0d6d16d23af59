// Input building blocks shared by the routers. Everything a client sends is checked here
// against what the database can hold: text without NUL or unpaired surrogates, integers within
// PostgreSQL's `integer`, ids within `bigint`, dates within `timestamp`. Out of range is a 400
// naming the field, never a database error.
import { safeString } from "@trellis/actions";
import { z } from "zod";

/** Text that will be stored or compared with stored text. */
export const text = safeString;

/** Ids are opaque strings; this bounds them and keeps junk out. */
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "Invalid id");

export const idempotencyKey = text().min(1).max(200);

export const pageLimit = z.number().int().min(1).max(100).default(50);

export const testScenarioId = id.optional();

/** PostgreSQL's `integer` (a prompt version, a count). */
export const positiveInt4 = z.number().int().positive().max(2_147_483_647);

const BIGINT_MAX = 9_223_372_036_854_775_807n;

/** A database event id (PostgreSQL `bigint`) as a decimal string. */
export const eventId = z
  .string()
  .regex(/^\d{1,19}$/, "An event id: decimal digits")
  .refine((value) => BigInt(value) <= BIGINT_MAX, "An event id: at most 9223372036854775807");

/** A date PostgreSQL's `timestamp` can hold, kept to years 1 to 9999. */
export const timestamp = z
  .date()
  .min(new Date("0001-01-01T00:00:00.000Z"), "A date from the year 1")
  .max(new Date("9999-12-31T23:59:59.999Z"), "A date up to the year 9999");

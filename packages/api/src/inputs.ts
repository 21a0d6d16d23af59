// Input building blocks shared by the routers.
import { z } from "zod";

/** Ids are opaque strings; this bounds them and keeps junk out. */
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "Invalid id");

export const idempotencyKey = z.string().min(1).max(200);

export const pageLimit = z.number().int().min(1).max(100).default(50);

export const testScenarioId = id.optional();

import { Prisma } from "./generated/prisma/client.ts";

/**
 * Whether a Prisma error is a unique-constraint violation: P2002 from model queries, or P2010
 * (raw query failed) whose driver adapter error says so. Raw queries report it differently.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  if (error.code !== "P2010") return false;
  const adapterError = error.meta?.driverAdapterError;
  if (typeof adapterError !== "object" || adapterError === null) return false;
  const cause = "cause" in adapterError ? adapterError.cause : undefined;
  return (
    typeof cause === "object" &&
    cause !== null &&
    "kind" in cause &&
    cause.kind === "UniqueConstraintViolation"
  );
}

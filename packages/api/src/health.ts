import type { Db } from "@trellis/db";

export interface Health {
  status: "ok" | "degraded";
  db: boolean;
}

/** Liveness plus a round trip to the database. */
export async function checkHealth(db: Db): Promise<Health> {
  try {
    await db.prisma.$queryRaw`SELECT 1`;
    return { status: "ok", db: true };
  } catch {
    return { status: "degraded", db: false };
  }
}

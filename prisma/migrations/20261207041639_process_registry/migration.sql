-- AlterTable
ALTER TABLE "ConcurrencySlot" ADD COLUMN     "ownerId" TEXT;

-- AlterTable
ALTER TABLE "TurnRecord" ADD COLUMN     "ownerId" TEXT;

-- CreateTable
CREATE TABLE "ServerProcess" (
    "id" TEXT NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServerProcess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ServerProcess_heartbeatAt_idx" ON "ServerProcess"("heartbeatAt");

-- CreateIndex
CREATE INDEX "ConcurrencySlot_ownerId_idx" ON "ConcurrencySlot"("ownerId");

-- CreateIndex
CREATE INDEX "TurnRecord_ownerId_idx" ON "TurnRecord"("ownerId");

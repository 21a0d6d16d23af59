-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "spanId" TEXT,
ADD COLUMN     "traceId" TEXT;

-- AlterTable
ALTER TABLE "ChatMessage" ADD COLUMN     "spanId" TEXT,
ADD COLUMN     "traceId" TEXT;

-- CreateIndex
CREATE INDEX "Action_traceId_idx" ON "Action"("traceId");

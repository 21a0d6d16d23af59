-- AlterTable
ALTER TABLE "TestScenario" ADD COLUMN     "ownerId" TEXT;

-- CreateIndex
CREATE INDEX "TestScenario_ownerId_idx" ON "TestScenario"("ownerId");

-- CreateTable
CREATE TABLE "TurnStop" (
    "userId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TurnStop_pkey" PRIMARY KEY ("userId","idempotencyKey")
);

-- CreateIndex
CREATE INDEX "TurnStop_createdAt_idx" ON "TurnStop"("createdAt");

-- CreateTable
CREATE TABLE "ModelUsage" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "day" DATE NOT NULL,
    "userId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "turnId" TEXT,
    "phase" TEXT,
    "promptVersion" INTEGER,
    "model" TEXT NOT NULL,
    "promptTokens" INTEGER NOT NULL,
    "cachedPromptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL,
    "totalTokens" INTEGER NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 1,
    "costUsd" DOUBLE PRECISION,

    CONSTRAINT "ModelUsage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelUsage_day_userId_idx" ON "ModelUsage"("day", "userId");

-- CreateIndex
CREATE INDEX "ModelUsage_userId_createdAt_idx" ON "ModelUsage"("userId", "createdAt");

-- CreateTable
CREATE TABLE "TurnEvent" (
    "turnId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TurnEvent_pkey" PRIMARY KEY ("turnId","seq")
);

-- CreateIndex
CREATE INDEX "TurnEvent_createdAt_idx" ON "TurnEvent"("createdAt");

-- AlterTable
ALTER TABLE "TurnRecord" ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "requestHash" TEXT,
ADD COLUMN     "stage" TEXT NOT NULL DEFAULT 'done';

-- CreateIndex
CREATE INDEX "TurnRecord_leaseUntil_idx" ON "TurnRecord"("leaseUntil");

-- Records written before this migration kept their stage only in the JSON response.
UPDATE "TurnRecord" SET "stage" = "response"->>'stage' WHERE "response"->>'stage' IS NOT NULL;

-- An unfinished turn from before has no lease: make it claimable by a retry or the recovery sweep.
UPDATE "TurnRecord" SET "leaseUntil" = to_timestamp(0) WHERE "stage" <> 'done';

-- CreateTable
CREATE TABLE "EvalCase" (
    "id" TEXT NOT NULL,
    "caseKey" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "sourceMessageId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvalCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvalRun" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promptVersion" INTEGER,
    "baselineVersion" INTEGER,
    "promptVersions" JSONB NOT NULL,
    "model" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "scores" JSONB NOT NULL,
    "comparison" JSONB,
    "gate" JSONB NOT NULL,
    "traceIds" TEXT[],
    "durationMs" INTEGER NOT NULL,
    "createdById" TEXT,

    CONSTRAINT "EvalRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EvalCase_caseKey_key" ON "EvalCase"("caseKey");

-- CreateIndex
CREATE INDEX "EvalRun_createdAt_idx" ON "EvalRun"("createdAt");

-- Runs are records: once written, a run is never changed (a new run is written instead).
CREATE FUNCTION "eval_run_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'EvalRun rows are immutable';
END;
$$;

CREATE TRIGGER "EvalRun_immutable" BEFORE UPDATE ON "EvalRun"
  FOR EACH ROW EXECUTE FUNCTION "eval_run_immutable"();

-- AlterTable
ALTER TABLE "ServerProcess" ADD COLUMN     "noteJobs" JSONB NOT NULL DEFAULT '[]';

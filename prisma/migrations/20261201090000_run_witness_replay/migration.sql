-- AlterTable: the grade's witness operation, and the run an instructor's replay repeats
ALTER TABLE "lab_run" ADD COLUMN "witness" JSONB,
ADD COLUMN "replayOfId" TEXT;

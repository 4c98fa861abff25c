-- CreateTable: the spans of a run's trace (submit, queue wait, job, child, phases, grade
-- stored), kept for the instructors' waterfall on /runs/<id>.
CREATE TABLE "run_span" (
    "runId" TEXT NOT NULL,
    "spanId" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,
    "parentSpanId" TEXT,
    "name" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" DOUBLE PRECISION NOT NULL,
    "attributes" JSONB NOT NULL,

    CONSTRAINT "run_span_pkey" PRIMARY KEY ("runId","spanId")
);

-- AddForeignKey
ALTER TABLE "run_span" ADD CONSTRAINT "run_span_runId_fkey" FOREIGN KEY ("runId") REFERENCES "lab_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

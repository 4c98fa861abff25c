/**
 * The runs half of the operations snapshot, from Postgres (the durable record of every run):
 * runs ended per minute, error runs with their reasons, and the slowest labs.
 */
import type { Db } from "@/lib/db/client";

export interface MinuteCount {
  /** ISO time of the minute's start. */
  minute: string;
  passed: number;
  failed: number;
  error: number;
}

export interface ErrorRun {
  id: string;
  labId: string;
  taskId: string;
  errorKind: string;
  diagnosis: string;
  finishedAt: string;
}

export interface LabDuration {
  labId: string;
  runs: number;
  p50Seconds: number;
  p95Seconds: number;
  maxSeconds: number;
}

export interface RunsSnapshot {
  /** The last `minutes` minutes, oldest first, every minute present (0 when nothing ended). */
  perMinute: MinuteCount[];
  running: { id: string; labId: string; taskId: string; startedAt: string | null }[];
  recentErrors: ErrorRun[];
  /** Error runs in the last hour by kind, most frequent first. */
  errorKinds: { errorKind: string; count: number }[];
  /** Labs by p95 duration over the last 24 h, slowest first. */
  slowestLabs: LabDuration[];
}

const MINUTES = 15;

export async function runsSnapshot(db: Db, now = new Date()): Promise<RunsSnapshot> {
  const since = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - (MINUTES - 1) * 60_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [minutes, running, recentErrors, errorKinds, slowest] = await Promise.all([
    db.$queryRaw<{ minute: Date; status: string; n: bigint }[]>`
      SELECT date_trunc('minute', "finishedAt") AS minute, status::text AS status, count(*) AS n
      FROM lab_run WHERE "finishedAt" >= ${since} GROUP BY 1, 2`,
    db.labRun.findMany({
      where: { status: { in: ["running", "grading"] } },
      select: { id: true, labId: true, taskId: true, startedAt: true },
      orderBy: { startedAt: "asc" },
      take: 50,
    }),
    db.labRun.findMany({
      where: { status: "error", finishedAt: { gte: dayAgo } },
      select: { id: true, labId: true, taskId: true, errorKind: true, diagnosis: true, finishedAt: true },
      orderBy: { finishedAt: "desc" },
      take: 10,
    }),
    db.$queryRaw<{ errorKind: string | null; n: bigint }[]>`
      SELECT "errorKind", count(*) AS n FROM lab_run
      WHERE status = 'error' AND "finishedAt" >= ${hourAgo} GROUP BY 1 ORDER BY 2 DESC`,
    db.$queryRaw<{ labId: string; runs: bigint; p50: number; p95: number; max: number }[]>`
      SELECT "labId", count(*) AS runs,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "finishedAt" - "startedAt")) AS p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM "finishedAt" - "startedAt")) AS p95,
        max(extract(epoch FROM "finishedAt" - "startedAt"))::float8 AS max
      FROM lab_run WHERE "finishedAt" >= ${dayAgo} AND "startedAt" IS NOT NULL
      GROUP BY 1 ORDER BY p95 DESC LIMIT 5`,
  ]);
  return {
    perMinute: fillMinutes(since, minutes),
    running: running.map((r) => ({ ...r, startedAt: r.startedAt?.toISOString() ?? null })),
    recentErrors: recentErrors.map((r) => ({
      id: r.id,
      labId: r.labId,
      taskId: r.taskId,
      errorKind: r.errorKind ?? "internal",
      diagnosis: r.diagnosis ?? "",
      finishedAt: r.finishedAt?.toISOString() ?? "",
    })),
    errorKinds: errorKinds.map((r) => ({ errorKind: r.errorKind ?? "internal", count: Number(r.n) })),
    slowestLabs: slowest.map((r) => ({
      labId: r.labId,
      runs: Number(r.runs),
      p50Seconds: Number(r.p50),
      p95Seconds: Number(r.p95),
      maxSeconds: Number(r.max),
    })),
  };
}

function fillMinutes(since: Date, rows: { minute: Date; status: string; n: bigint }[]): MinuteCount[] {
  const out: MinuteCount[] = [];
  for (let i = 0; i < MINUTES; i++) {
    out.push({ minute: new Date(since.getTime() + i * 60_000).toISOString(), passed: 0, failed: 0, error: 0 });
  }
  for (const row of rows) {
    const slot = out[Math.round((row.minute.getTime() - since.getTime()) / 60_000)];
    if (slot && (row.status === "passed" || row.status === "failed" || row.status === "error")) slot[row.status] += Number(row.n);
  }
  return out;
}

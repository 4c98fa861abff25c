/**
 * Where a lab run's time goes, from its spans in run_span (lib/observability/run-trace.ts):
 * the worker times each `phase:<name>` from the child's phase events; `run.child` starts when
 * the child is handed its run, `run.job` covers the whole job, `run.store` the grade's write.
 */
import type { Db } from "@/lib/db/client";

/** The columns a run's time is split into, and the spans each adds up. */
const GROUPS: Record<string, (name: string) => boolean> = {
  "child start": () => false, // run.child's start → its first phase span
  "system start": (n) => n === "phase:start-system",
  workload: (n) => n === "phase:workload",
  heal: (n) => ["phase:heal", "phase:quiesce", "phase:final-reads"].includes(n),
  checks: (n) => ["phase:check", "phase:grade"].includes(n),
  teardown: (n) => ["phase:teardown", "phase:done"].includes(n),
  store: (n) => n === "run.store",
};
export const PHASE_GROUPS = Object.keys(GROUPS);

export interface Breakdown {
  /** Mean run.job span (ms). */
  job: number;
  /** Mean ms per group. */
  groups: Record<string, number>;
}

/** Mean per-run breakdown of `runIds`; waits (bounded) for the batched span writes to land. */
export async function phaseBreakdown(db: Db, runIds: string[]): Promise<Breakdown> {
  const deadline = Date.now() + 15_000;
  let spans = await db.runSpan.findMany({ where: { runId: { in: runIds } } });
  while (spans.filter((s) => s.name === "run.job").length < runIds.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    spans = await db.runSpan.findMany({ where: { runId: { in: runIds } } });
  }
  const groups: Record<string, number> = Object.fromEntries(PHASE_GROUPS.map((g) => [g, 0]));
  let job = 0;
  for (const runId of runIds) {
    const mine = spans.filter((s) => s.runId === runId);
    job += mine.find((s) => s.name === "run.job")?.durationMs ?? NaN;
    for (const s of mine) for (const [g, match] of Object.entries(GROUPS)) if (match(s.name)) groups[g]! += s.durationMs;
    const child = mine.find((s) => s.name === "run.child");
    const firstPhase = mine.filter((s) => s.name.startsWith("phase:")).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())[0];
    if (child && firstPhase) groups["child start"]! += firstPhase.startedAt.getTime() - child.startedAt.getTime();
  }
  for (const g of PHASE_GROUPS) groups[g]! /= runIds.length;
  return { job: job / runIds.length, groups };
}

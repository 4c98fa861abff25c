/**
 * stale-read (break it): W=1 and R=1 are fixed; the student writes the fault schedule that
 * makes the checker find a stale read.
 */
import type { FaultSchedule } from "@/lib/faults/schedule";
import type { FaultKindName } from "@/lib/faults/fault-kinds";
import type { LinearizabilityResult } from "@/lib/checkers";
import { breakAnswerSchema, breakSchedule, describeFaultBudget, overBudgetCase, type BreakTaskSpec } from "@/lib/labs/tasks/break-task";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { checkKv, runScenario, type RunRecord } from "../scenario";
import { CLIENTS, N, REPLICA_TIMEOUT_MS, WORKLOAD_MS } from "../settings";
import { anomalyOf } from "../stale-read";

const W = 1;
const R = 1;
const TARGETS = Array.from({ length: N }, (_, i) => `n${i + 1}`);
const ALLOWED: FaultKindName[] = ["partition", "latency", "blackhole", "pause", "resume", "crash", "restart", "heal"];
/** The fault budget: a stale read needs one well-placed fault; three leave room to explore. */
const MAX_FAULTS = 3;
const BREAK: BreakTaskSpec = { windowMs: WORKLOAD_MS, targets: TARGETS, allowedFaults: ALLOWED, maxFaults: MAX_FAULTS };
const answerSchema = breakAnswerSchema(BREAK);

const statement = `
The same store as in *Choose W and R*, now with **W = ${W} and R = ${R}**: a put returns after
one replica acknowledged it, a get returns the first reply from the client's home replica
(client c*i* starts at replica n*i+1*; a replica silent for ${REPLICA_TIMEOUT_MS} ms is skipped).
There are ${CLIENTS} clients and ${N} replicas, \`n1\` … \`n${N}\`, each behind its own proxy.

**Your task:** write a fault schedule of **at most ${MAX_FAULTS} faults** that makes the
linearizability checker find a **stale read** — a get that returns a value older than a put
that had already been acknowledged when the get started. Without faults every replica
applies every put before any later get reaches it, so the run is linearizable: your faults
must change that.

The schedule is a list of faults. \`at\` and \`duration\` are milliseconds from the start of
the ${WORKLOAD_MS} ms workload; a fault without \`duration\` lasts until the heal phase, which
ends every fault and restarts crashed replicas. After the heal, every client reads every key.

\`\`\`json
{ "schedule": [
  { "at": 300, "fault": "latency", "target": "n2", "duration": 500, "params": { "latencyMs": 100 } },
  { "at": 900, "fault": "partition", "target": "n3", "params": { "direction": "both" } }
] }
\`\`\`

${describeFaultBudget(BREAK)} \`partition\` and
\`blackhole\` lose the bytes they stop; \`latency\` only delays them (order is kept);
\`pause\` freezes a replica (its requests wait in the network); \`crash\` kills it (it keeps
what it had written to its log).
`.trim();

/** Schedules a student would try, besides the stored solutions, with what theory says. */
function staleReadVerdicts(): VerdictCase[] {
  const row = (name: string, schedule: unknown[], expected: VerdictCase["expected"], why: string): VerdictCase => ({ name, answer: { schedule }, expected, why });
  return [
    row("crash-n3", [{ at: 200, fault: "crash", target: "n3" }], { verdict: "pass" }, "n3 misses writes, then c2 reads from it"),
    row("pause-n2-400ms", [{ at: 200, fault: "pause", target: "n2", duration: 400 }], { verdict: "fail", diagnosisIncludes: "no stale read" }, "a pause loses nothing"),
    row(
      "latency-three",
      ["n1", "n2", "n3"].map((target) => ({ at: 100, fault: "latency", target, duration: 1000, params: { latencyMs: 200 } })),
      { verdict: "fail", diagnosisIncludes: "no stale read" },
      "delay keeps order on each link",
    ),
    overBudgetCase(BREAK),
  ];
}

export const staleRead: LabTask = {
  id: "stale-read",
  kind: "break",
  title: "Break it: make a stale read happen",
  statement,
  answerSchema,
  starter: { schedule: [{ at: 300, fault: "latency", target: "n2", duration: 500, params: { latencyMs: 100 } }] },
  timeLimitMs: 60_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 40, what: "operations" },
  verdictTable: staleReadVerdicts,
};

export interface StaleReadResult extends RunRecord {
  linearizability: LinearizabilityResult;
}

export async function runStaleRead(ctx: RunContext, raw: unknown): Promise<Grade> {
  const schedule = breakSchedule(BREAK, raw);
  return runScenario(ctx, {
    w: W,
    r: R,
    faults: schedule,
    check: (record) => ({ ...record, linearizability: checkKv(record.history) }),
    grade: (result) => gradeStaleRead(result, schedule),
  });
}

export function gradeStaleRead(result: StaleReadResult, schedule: FaultSchedule): Grade {
  const { linearizability } = result;
  const details = { linearizable: linearizability.verdict, witness: linearizability.witness, schedule, operations: linearizability.operations };
  if (linearizability.verdict === "unknown") {
    return { verdict: "error", errorKind: "internal", diagnosis: "The linearizability checker ran out of time on this history, so the run could not be graded.", hint: "Run it again.", details };
  }
  if (linearizability.verdict === "illegal") {
    const anomaly = anomalyOf(result.history, linearizability);
    const what = anomaly?.description ?? "a read that no order of the operations can explain";
    return {
      verdict: "pass",
      diagnosis: `Stale read found: ${what}. With W=1 a write can be acknowledged by replicas the reader never asks, and with R=1 nothing tells the reader it is behind.`,
      ...(anomaly ? { witness: anomaly.witness } : {}),
      details,
    };
  }
  const lossy = schedule.some((e) => e.fault === "partition" || e.fault === "blackhole" || e.fault === "crash" || e.fault === "restart");
  return {
    verdict: "fail",
    diagnosis:
      schedule.length === 0
        ? "No stale read: without faults every put reaches every replica before any later get, so every read was up to date."
        : lossy
          ? "No stale read: a replica missed some writes, but no client read a key from it before a newer write reached it again."
          : "No stale read: your faults only delayed or froze traffic. Each replica still received every write, in order, before any later read it answered.",
    hint: "A replica must lose writes (not just receive them late) and then answer a read: cut one off while writes happen and keep it cut off until the heal, so its home client reads from it afterwards.",
    details,
  };
}

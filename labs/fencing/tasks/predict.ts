/**
 * predict: the team's other fix — a longer lease instead of fencing. The storage checks
 * nothing; the lease is raised well past any pause seen so far; the pause is longer still
 * (pauses have no bound). Is the stale write accepted, and what does the counter end at?
 */
import { z } from "zod";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { systemProgram } from "../compose";
import { notExercised } from "@/lib/labs/workload-tally";
import { fencingFacts, scenarioMissed } from "../grade";
import { runFencingScenario, type FencingRun } from "../scenario";
import { LEASE_MS, LONG_LEASE_MS, PREPARE_MS } from "../settings";
import { STARTER } from "./fence";

const ACCEPTED = ["yes", "no"] as const;
const COUNTER = ["1", "2", "3"] as const;
type Prediction = { staleWriteAccepted: (typeof ACCEPTED)[number]; counter: (typeof COUNTER)[number] };
const RIGHT: Prediction = { staleWriteAccepted: "yes", counter: "2" };

const answerSchema = z.object({
  staleWriteAccepted: z.enum(ACCEPTED).describe("Does the storage accept n3's write after n4 took the lock?"),
  counter: z.enum(COUNTER).describe("What does the counter end at?"),
});

export const predict: LabTask = {
  id: "predict",
  kind: "predict",
  title: "Predict: does a longer lease fix it?",
  statement: `The system of the fencing task, with the storage checking **nothing**. After the corrupted write, a teammate proposes a simpler fix than fencing tokens: raise the lease from ${LEASE_MS} ms to **${LONG_LEASE_MS / 1000} s**, "longer than any GC pause we have ever measured".

The run is the same story: \`n4\` increments the counter once (it ends at 1). \`n3\` acquires the lock, reads, checks its lease, and while preparing its write is paused — this time for longer than the new lease, because nothing bounds a pause (nor a packet stuck in a queue, nor a VM migration). \`n4\` acquires the lock, reads; \`n3\` wakes and writes; \`n4\` writes. Three increments are acknowledged.

**Predict before you run:** does the storage accept \`n3\`'s write, and what does the counter end at? Then: which number in the system would have to be larger than every pause for the longer lease to work — and can anyone promise that?`,
  answerSchema,
  starter: { staleWriteAccepted: "no", counter: "3" },
  timeLimitMs: 40_000,
  checksItsScenario: true,
  verdictTable: () =>
    predictVerdictTable(ACCEPTED.flatMap((staleWriteAccepted) => COUNTER.map((counter) => ({ name: `${staleWriteAccepted}; ${counter}`, answer: { staleWriteAccepted, counter }, right: staleWriteAccepted === RIGHT.staleWriteAccepted && counter === RIGHT.counter, wrongIncludes: `You predicted ${show({ staleWriteAccepted, counter })}` })))),
};

function show(p: Prediction): string {
  return `${p.staleWriteAccepted === "yes" ? "the stale write is accepted" : "the stale write is refused"} and the counter ends at ${p.counter}`;
}

function gradePredict(run: FencingRun, prediction: Prediction): Grade {
  const details = { grants: run.grants, served: run.served, finalValue: run.finalValue, prediction };
  // Either verdict is about what this story does: a run that did not play it out says nothing.
  const missed = scenarioMissed(run);
  if (missed) return notExercised(missed, details);
  const facts = fencingFacts(run);
  const saw = show({ staleWriteAccepted: facts.staleWrite ? "yes" : "no", counter: String(run.finalValue) as Prediction["counter"] });
  const why = `A lease is a promise about time made to a process that cannot see time pass while it is paused: n3 checked its lease, slept past it, and woke up sure it still held the lock. Both n3 and n4 read 1 and wrote 2, so one of the three acknowledged increments is gone. A longer lease only moves the line a pause must cross; fencing tokens move the check to the storage, which does not depend on how long anyone slept.`;
  if (saw === show(prediction)) return { verdict: "pass", diagnosis: `Right: ${saw}. ${why}`, details };
  return { verdict: "fail", diagnosis: `You predicted ${show(prediction)}, but ${saw}. ${why}`, hint: "Follow n3: what does it know about time when it wakes up, and what does the storage check?", details };
}

export async function runPredict(ctx: RunContext, raw: unknown): Promise<Grade> {
  const prediction = answerSchema.parse(raw);
  return runFencingScenario(ctx, { program: { kind: "sandboxed", code: systemProgram(STARTER, { leaseMs: LONG_LEASE_MS, prepareMs: PREPARE_MS }) }, leaseMs: LONG_LEASE_MS, grade: (run) => gradePredict(run, prediction) });
}

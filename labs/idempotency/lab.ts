/**
 * The idempotency lab: a payments API whose ledger is in real Postgres (a schema of the
 * run's own in the labs database), responses dropped after commit, double clicks and
 * server crashes at chosen points. Students write the client's key and the server's
 * claim / charge / stored-response handling, and predict what a separately committed
 * claim does to a payment whose server crashed.
 */
import { defineLab } from "@/lib/labs/define";
import type { Grade, RunContext } from "@/lib/labs/types";
import { implementTask, runImplement } from "./tasks/implement";
import { predictTask, runPredict } from "./tasks/predict";

const runners: Record<string, (ctx: RunContext, answer: unknown) => Promise<Grade>> = {
  implement: runImplement,
  predict: runPredict,
};

export default defineLab({
  id: "idempotency",
  title: "Idempotency keys",
  summary: "Make a Postgres-backed payments API charge exactly once while responses are dropped after commit, clients double-click and the server crashes mid-request: choose the key, claim it, store the response in the charge's transaction, and recover a stuck claim.",
  chapter: "resilient-apis",
  view: {
    charts: [
      { title: "Charge attempts", unit: "attempts", counters: ["attempts", "retries"] },
      { title: "Answers", unit: "answers", counters: ["answered2xx", "conflict409", "noAnswer"] },
    ],
  },
  tasks: [implementTask, predictTask],
  run(ctx, taskId, answer) {
    const run = runners[taskId];
    if (!run) throw new Error(`idempotency has no task "${taskId}"`);
    return run(ctx, answer);
  },
});

/**
 * The retry-jitter lab: hundreds of clients retry into an outage of a real HTTP service
 * (lib/http-service) that then recovers. Students write the retry delay, graded on the retry
 * budget, the peak of arrivals after the recovery and the time to complete; and predict how
 * full and equal jitter compare.
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
  id: "retry-jitter",
  title: "Retries with jitter",
  summary: "Hundreds of clients retry into an outage of a real HTTP service: write the retry delay that keeps within a retry budget, does not stampede the service when it recovers, and still finishes soon; then predict how full and equal jitter compare.",
  chapter: "resilient-apis",
  view: { charts: [{ title: "Arrivals at the service", unit: "attempts", counters: ["arrivals", "ok", "failed"] }] },
  tasks: [implementTask, predictTask],
  run(ctx, taskId, answer) {
    const run = runners[taskId];
    if (!run) throw new Error(`retry-jitter has no task "${taskId}"`);
    return run(ctx, answer);
  },
});

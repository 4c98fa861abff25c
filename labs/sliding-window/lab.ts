import { defineLab } from "@/lib/labs/define";
import type { Grade, RunContext } from "@/lib/labs/types";
import { atomicAnswer, atomicTask, runAtomic } from "./tasks/atomic";
import { breakAnswer, breakTask, runBreak } from "./tasks/break-fixed";
import { implementAnswer, implementTask, runImplement } from "./tasks/implement";
import { predictAnswer, predictTask, runPredict } from "./tasks/predict-counter";

/** Each task re-parses its answer: the runner validated it, this gives the task its type. */
const runners: Record<string, (ctx: RunContext, answer: unknown) => Promise<Grade>> = {
  implement: (ctx, answer) => runImplement(ctx, implementAnswer.parse(answer)),
  break: (ctx, answer) => runBreak(ctx, breakAnswer.parse(answer)),
  atomic: (ctx, answer) => runAtomic(ctx, atomicAnswer.parse(answer)),
  predict: (ctx, answer) => runPredict(ctx, predictAnswer.parse(answer)),
};

export default defineLab({
  id: "sliding-window",
  title: "Fixed vs sliding window",
  summary:
    "Push twice the limit through a fixed window at its boundary, write the sliding log's Redis script yourself, keep it atomic under parallel clients, and see where the sliding-window counter's estimate goes wrong.",
  chapter: "resilient-apis",
  view: {
    charts: [{ title: "Decisions", unit: "requests", counters: ["admitted", "rejected"] }],
    levels: [{ subjectPrefix: "window:", field: "inWindow", title: "Requests in each user's rolling window", unit: "requests" }],
  },
  tasks: [breakTask, implementTask, atomicTask, predictTask],
  run(ctx, taskId, answer) {
    const run = runners[taskId];
    if (!run) throw new Error(`sliding-window has no task "${taskId}"`);
    return run(ctx, answer);
  },
});

import { defineLab } from "@/lib/labs/define";
import type { Grade, RunContext } from "@/lib/labs/types";
import { atomicityAnswer, atomicityTask, runAtomicity } from "./tasks/atomicity";
import { configureAnswer, configureTask, runConfigure } from "./tasks/configure";
import { implementAnswer, implementTask, runImplement } from "./tasks/implement";

/** Each task re-parses its answer: the runner validated it, this gives the task its type. */
const runners: Record<string, (ctx: RunContext, answer: unknown) => Promise<Grade>> = {
  configure: (ctx, answer) => runConfigure(ctx, configureAnswer.parse(answer)),
  implement: (ctx, answer) => runImplement(ctx, implementAnswer.parse(answer)),
  atomicity: (ctx, answer) => runAtomicity(ctx, atomicityAnswer.parse(answer)),
};

export default defineLab({
  id: "token-bucket",
  title: "Token bucket in Redis",
  summary:
    "Size a real Redis token-bucket limiter for bursts and a noisy neighbour, write its allow() yourself, and watch a non-atomic one over-admit.",
  chapter: "resilient-apis",
  view: {
    charts: [{ title: "Decisions", unit: "requests", counters: ["admitted", "rejected"] }],
    levels: [{ subjectPrefix: "bucket:", field: "tokens", title: "Bucket level per user", unit: "tokens" }],
  },
  tasks: [configureTask, implementTask, atomicityTask],
  run(ctx, taskId, answer) {
    const run = runners[taskId];
    if (!run) throw new Error(`token-bucket has no task "${taskId}"`);
    return run(ctx, answer);
  },
});

/**
 * The circuit-breaker lab: a breaker in front of a real flaky HTTP service (lib/http-service).
 * Students configure one for stated requirements (never trip on one failure, fail fast in an
 * outage, recover soon after it), and write its state machine — closed, open, half-open with
 * one probe — graded decision by decision against the statement's breaker.
 */
import { defineLab } from "@/lib/labs/define";
import type { Grade, RunContext } from "@/lib/labs/types";
import { configureAnswer, configureTask, runConfigure } from "./tasks/configure";
import { implementTask, runImplement } from "./tasks/implement";

const runners: Record<string, (ctx: RunContext, answer: unknown) => Promise<Grade>> = {
  configure: (ctx, answer) => runConfigure(ctx, configureAnswer.parse(answer)),
  implement: runImplement,
};

export default defineLab({
  id: "circuit-breaker",
  title: "Circuit breaker",
  summary: "Put a breaker in front of a real flaky HTTP service: size it so one failure never trips it, an outage fails fast and recovery is quick, then write its closed / open / half-open state machine yourself.",
  chapter: "resilient-apis",
  view: {
    charts: [
      { title: "Calls: sent vs failed fast", unit: "calls", counters: ["calls", "sent", "failedFast"] },
      { title: "Errors from the service", unit: "calls", counters: ["errors"] },
    ],
  },
  tasks: [configureTask, implementTask],
  run(ctx, taskId, answer) {
    const run = runners[taskId];
    if (!run) throw new Error(`circuit-breaker has no task "${taskId}"`);
    return run(ctx, answer);
  },
});

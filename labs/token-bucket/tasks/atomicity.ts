import { z } from "zod";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import {
  luaLimiter,
  optimisticLimiter,
  readThenWriteLimiter,
  sleep,
  type Limiter,
} from "../limiters";
import { takeToken, type BucketConfig } from "../model";
import { describeWindow, worstRateBoundViolation, type RateBoundViolation } from "../rate-bound";
import { startSystem, watchBuckets } from "../system";
import { Traffic } from "../workload";

const MODES = ["lua-script", "read-then-write", "watch-multi"] as const;
export const atomicityAnswer = z.object({
  mode: z.enum(MODES, { error: `mode must be one of: ${MODES.join(", ")}` }),
});
type AtomicityAnswer = z.infer<typeof atomicityAnswer>;

const BUCKET: BucketConfig = { capacity: 10, refillPerSecond: 1 };
const CLIENTS = 20;
const ROUNDS = 2;
const ROUND_GAP_MS = 1_000;
/** The fault: each app server pauses this long between reading the bucket and writing it. */
const PAUSE_MS = 25;

export const atomicityTask: LabTask = {
  id: "atomicity",
  kind: "configure",
  title: "Make the limiter atomic",
  statement: `A bucket holds **${BUCKET.capacity} tokens** and refills at **${BUCKET.refillPerSecond} per second**.
${CLIENTS} clients on ${CLIENTS} separate connections each send one request at the same moment, twice, ${ROUND_GAP_MS / 1000} s apart.
The fault: every app server **pauses ${PAUSE_MS} ms between reading the bucket and writing it back** (a GC pause, a slow hop).

Pick how the limiter talks to Redis:

- \`lua-script\` — one \`EVALSHA\` runs read, refill, spend and write inside Redis;
- \`read-then-write\` — \`GET\` the bucket, decide in the app, \`SET\` it back;
- \`watch-multi\` — \`WATCH\` the key, \`GET\`, decide, then \`MULTI\`/\`SET\`/\`EXEC\`, retrying when EXEC aborts.

Passing means no more than ${BUCKET.capacity} + ${BUCKET.refillPerSecond}/s × (window) requests are ever admitted in any window.`,
  answerSchema: atomicityAnswer,
  starter: { mode: "read-then-write" } satisfies AtomicityAnswer,
  timeLimitMs: 30_000,
};

interface AtomicityReport {
  requests: number;
  admitted: number;
  firstRoundAdmitted: number;
  violation: RateBoundViolation | null;
}

export function gradeAtomicity(report: AtomicityReport, answer: AtomicityAnswer): Grade {
  const details = { ...report, mode: answer.mode };
  if (report.violation) {
    const v = report.violation;
    return {
      verdict: "fail",
      diagnosis: `Over-admitted: ${v.admitted} requests got through within ${describeWindow(v)}, but the bucket only allows ${v.allowed} in that time. Clients read the same token count before any of them wrote it back, so they all spent the same tokens (a lost update).`,
      hint: "The read, the decision and the write must happen as one step that nobody can interleave with.",
      details,
    };
  }
  if (report.firstRoundAdmitted < BUCKET.capacity) {
    return {
      verdict: "fail",
      diagnosis: `Under-admitted: only ${report.firstRoundAdmitted} of the first ${CLIENTS} requests got through although the bucket held ${BUCKET.capacity} tokens.`,
      details,
    };
  }
  return {
    verdict: "pass",
    diagnosis: `${report.firstRoundAdmitted} of the first ${CLIENTS} simultaneous requests got through, exactly the ${BUCKET.capacity} tokens in the bucket, despite the pause between read and write: ${answer.mode} is atomic.`,
    details,
  };
}

export function runAtomicity(ctx: RunContext, answer: AtomicityAnswer): Promise<Grade> {
  return runPhases(ctx, {
    async startSystem(onTeardown) {
      const sys = await startSystem(ctx, onTeardown, CLIENTS);
      const options = { config: BUCKET, keyOf: (user: string) => `${sys.keyPrefix}bucket:${user}` };
      const limiter: Limiter =
        answer.mode === "lua-script"
          ? await luaLimiter(sys.admin, options)
          : answer.mode === "read-then-write"
            ? readThenWriteLimiter(options, PAUSE_MS)
            : optimisticLimiter(
                options,
                takeToken as (
                  s: unknown,
                  n: number,
                  c: number,
                  cfg: BucketConfig,
                ) => ReturnType<typeof takeToken>,
                { pauseMs: PAUSE_MS, maxRetries: 4 * CLIENTS },
              );
      const stopWatch = watchBuckets(ctx, sys, limiter, ["main"]);
      onTeardown(stopWatch);
      return { traffic: new Traffic(ctx, sys, limiter), stopWatch };
    },
    async workload({ traffic }) {
      ctx.emit({
        kind: "fault",
        t: ctx.now(),
        fault: "pause-before-write",
        action: "start",
        detail: { ms: PAUSE_MS, appliesTo: "client-side read/write" },
      });
      for (let round = 0; round < ROUNDS; round++) {
        if (round > 0) await sleep(ROUND_GAP_MS, ctx.signal);
        await traffic.all(
          Array.from({ length: CLIENTS }, (_, p) =>
            traffic.acquire(p, "main", round === 0 ? "burst" : "steady"),
          ),
        );
      }
      ctx.emit({ kind: "fault", t: ctx.now(), fault: "pause-before-write", action: "stop" });
    },
    finalReads: ({ stopWatch }) => stopWatch(),
    check: ({ traffic }): AtomicityReport => {
      const admitted = traffic.requests.filter((r) => r.allowed);
      return {
        requests: traffic.requests.length,
        admitted: admitted.length,
        firstRoundAdmitted: admitted.filter((r) => r.phase === "burst").length,
        violation: worstRateBoundViolation(
          admitted.map((r) => r.at),
          BUCKET,
        ),
      };
    },
    grade: (report) => gradeAtomicity(report, answer),
  });
}

import { z } from "zod";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { exactStep, type ExactState } from "../exact-bucket";
import {
  luaLimiter,
  optimisticLimiter,
  readThenWriteLimiter,
  sleep,
  type AllowFn,
  type Limiter,
} from "../limiters";
import type { BucketConfig } from "../model";
import { describeViolation, firstBoundViolation, type BoundViolation } from "../rate-bound";
import { runTraffic } from "../traffic-run";
import { witnessOf, type Request } from "../workload";

const MODES = ["lua-script", "read-then-write", "watch-multi"] as const;
export const atomicityAnswer = z.object({
  mode: z.enum(MODES, { error: `mode must be one of: ${MODES.join(", ")}` }),
});
type AtomicityAnswer = z.infer<typeof atomicityAnswer>;

const BUCKET: BucketConfig = { capacity: 10, refillPerSecond: 2 };
const BOUND = { burst: BUCKET.capacity, perSecond: BUCKET.refillPerSecond };
const CLIENTS = 20;
const ROUNDS = 2;
const ROUND_GAP_MS = 500;
/** The fault: each app server pauses this long between reading the bucket and writing it. */
const PAUSE_MS = 25;
/** The API's latency budget: attempts at Redis per request before it must answer. */
const ATTEMPTS = 3;
const USER = "main";

export const atomicityTask: LabTask = {
  id: "atomicity",
  kind: "configure",
  title: "Make the limiter atomic",
  statement: `A bucket holds **${BUCKET.capacity} tokens** and refills at **${BUCKET.refillPerSecond} per second**. ${CLIENTS} clients on ${CLIENTS} separate connections each send one request at the same moment, twice, ${ROUND_GAP_MS} ms apart.

The fault: every app server **pauses ${PAUSE_MS} ms between reading from Redis and writing back** (a GC pause, a slow hop). The API's latency budget allows **${ATTEMPTS} attempts** at Redis per request; then it must answer.

What must hold:

- never more than ${BUCKET.capacity} + ${BUCKET.refillPerSecond}·T requests admitted in any window of T seconds;
- no request rejected while the bucket still had a token for it: of the first ${CLIENTS} simultaneous requests, exactly ${BUCKET.capacity} get through.

Which limiter do you deploy?

- \`lua-script\`: one \`EVALSHA\` runs read, refill, spend and write inside Redis;
- \`read-then-write\`: \`GET\` the bucket, decide in the app, \`SET\` it back;
- \`watch-multi\`: \`WATCH\` the key, \`GET\`, decide, then \`MULTI\`/\`SET\`/\`EXEC\`; when \`EXEC\` aborts because another client wrote the key, try again, up to ${ATTEMPTS} attempts, then reject.

Exactly one of them meets both requirements under this fault. Before you run, predict for each how many of the first ${CLIENTS} requests it admits, and why.`,
  answerSchema: atomicityAnswer,
  starter: { mode: "read-then-write" } satisfies AtomicityAnswer,
  timeLimitMs: 30_000,
  verdictTable: (): VerdictCase[] => [
    {
      name: "lua-script",
      answer: { mode: "lua-script" },
      expected: { verdict: "pass" },
      why: "atomic inside Redis, no retries",
    },
    {
      name: "read-then-write",
      answer: { mode: "read-then-write" },
      expected: { verdict: "fail", diagnosisIncludes: "over-admitted" },
      why: "lost updates: every client spends the same tokens",
    },
    {
      name: "watch-multi",
      answer: { mode: "watch-multi" },
      expected: { verdict: "fail", diagnosisIncludes: "ran out of attempts" },
      why: "safe, but one winner per round of retries under contention",
    },
  ],
};

interface AtomicityReport {
  firstRound: Request[];
  violation: BoundViolation<Request> | null;
}

export function gradeAtomicity(report: AtomicityReport, answer: AtomicityAnswer): Grade {
  const admitted = report.firstRound.filter((r) => r.allowed).length;
  const details = { mode: answer.mode, firstRoundAdmitted: admitted };
  const v = report.violation;
  if (v) {
    return {
      verdict: "fail",
      diagnosis: `Over-admitted: ${describeViolation(v, BOUND)}; the last one admitted was process ${v.last.process}'s. Clients read the same token count before any of them wrote it back, so they all spent the same tokens (a lost update).`,
      hint: "The read, the decision and the write must happen as one step that nobody can interleave with.",
      witness: { kind: "over-admitted", op: witnessOf(v.last), related: [witnessOf(v.first)] },
      details,
    };
  }
  const gaveUp = report.firstRound.find((r) => r.contention);
  if (admitted < BUCKET.capacity) {
    return {
      verdict: "fail",
      diagnosis: `Only ${admitted} of the first ${CLIENTS} simultaneous requests got through although the bucket held ${BUCKET.capacity} tokens: ${gaveUp ? `the others ran out of attempts (process ${gaveUp.process} first), because each round of retries has one winner and ${CLIENTS - 1} losers` : "the rest were rejected"}.`,
      hint: "Under heavy contention optimistic concurrency wastes its attempts; a step that cannot conflict never needs to retry.",
      ...(gaveUp ? { witness: { kind: "rejected-with-tokens", op: witnessOf(gaveUp) } } : {}),
      details,
    };
  }
  return {
    verdict: "pass",
    diagnosis: `${admitted} of the first ${CLIENTS} simultaneous requests got through, exactly the ${BUCKET.capacity} tokens in the bucket, and no window ever held more than the bucket allows, despite the pause between read and write: ${answer.mode} is atomic and never needs to retry.`,
    details,
  };
}

/** Our own exact bucket as the decision function of the read/write limiters. */
const exactAllow: AllowFn = (state, now, cost, config) => {
  const step = exactStep(state as ExactState | null, now, cost, config);
  return { allowed: step.allowed, state: step.state };
};

async function limiterFor(
  mode: AtomicityAnswer["mode"],
  admin: Parameters<typeof luaLimiter>[0],
  prefix: string,
): Promise<Limiter> {
  const options = { config: BUCKET, keyOf: (user: string) => `${prefix}bucket:${user}` };
  if (mode === "lua-script") return luaLimiter(admin, options);
  if (mode === "read-then-write") return readThenWriteLimiter(options, PAUSE_MS, exactAllow);
  return optimisticLimiter(options, exactAllow, { pauseMs: PAUSE_MS, maxRetries: ATTEMPTS - 1 });
}

export function runAtomicity(ctx: RunContext, answer: AtomicityAnswer): Promise<Grade> {
  return runTraffic<AtomicityReport>(ctx, {
    processes: CLIENTS,
    users: [USER],
    makeLimiter: (sys) => limiterFor(answer.mode, sys.admin, sys.keyPrefix),
    async workload(traffic) {
      ctx.emit({
        kind: "fault",
        t: ctx.now(),
        fault: "pause-before-write",
        action: "start",
        detail: { ms: PAUSE_MS, appliesTo: "client-side read/write" },
      });
      for (let round = 0; round < ROUNDS; round++) {
        if (round > 0) await sleep(ROUND_GAP_MS, traffic.signal);
        await traffic.all(
          Array.from({ length: CLIENTS }, (_, p) => traffic.acquire(p, USER, `round ${round + 1}`)),
        );
      }
      ctx.emit({ kind: "fault", t: ctx.now(), fault: "pause-before-write", action: "stop" });
    },
    check: (traffic) => ({
      firstRound: traffic.requests.filter((r) => r.phase === "round 1"),
      violation: firstBoundViolation(
        traffic.requests.filter(
          (r): r is Request & { us: number } => r.allowed === true && r.us !== undefined,
        ),
        BOUND,
      ),
    }),
    grade: (report) => gradeAtomicity(report, answer),
  });
}

/**
 * configure: where the sliding log's read-decide-write runs, under parallel clients and an app
 * server that stalls between reading and writing.
 */
import { z } from "zod";
import type { RedisClients } from "@/lib/labs/redis-clients";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { checkAdmitted } from "../admitted-windows";
import { readThenWriteLog, watchMultiLog } from "../client-side-logs";
import { luaLimiter } from "../lua-limiters";
import { runTraffic } from "../run-traffic";
import { CLIENTS, LIMIT, RULE, WINDOW_MS } from "../settings";
import { describeDecision, witnessOf, type Burst, type Decision, type Limiter } from "../traffic";

const MODES = ["lua-script", "read-then-write", "watch-multi"] as const;
export const atomicAnswer = z.object({
  mode: z.enum(MODES, { error: `mode must be one of: ${MODES.join(", ")}` }),
});
type AtomicAnswer = z.infer<typeof atomicAnswer>;

/** The fault: every app server stalls this long between reading the log and writing it. */
const PAUSE_MS = 25;
/** The API's latency budget: attempts at Redis per request. */
const ATTEMPTS = 3;
const USER = "main";
const ROUNDS = [0, WINDOW_MS, 2 * WINDOW_MS];

const statement = `
A sliding log allows **${LIMIT} requests per ${WINDOW_MS} ms** per user. ${CLIENTS} clients of one user, on ${CLIENTS}
separate connections, each send one request at the same moment, three times, ${WINDOW_MS} ms apart.

The fault: every app server **stalls ${PAUSE_MS} ms between reading the log and writing it** (a GC pause, a slow hop).
The API's latency budget allows **${ATTEMPTS} attempts** at Redis per request; then it must answer.

What must hold:

- never more than ${LIMIT} requests admitted in any rolling window of ${WINDOW_MS} ms;
- no request rejected while the window had room: each time, exactly ${LIMIT} of the ${CLIENTS} get through.

Which deployment do you choose?

- \`lua-script\`: one \`EVALSHA\` runs \`ZREMRANGEBYSCORE\`, \`ZCARD\`, \`ZADD\` and \`PEXPIRE\` inside Redis;
- \`read-then-write\`: \`ZREMRANGEBYSCORE\` + \`ZCARD\` in one pipeline, decide in the app, then \`ZADD\` + \`PEXPIRE\`;
- \`watch-multi\`: \`WATCH\` the key, \`ZCOUNT\` the window, then trim and \`ZADD\` in \`MULTI\`/\`EXEC\`; when \`EXEC\`
  aborts because another client wrote the key, try again, up to ${ATTEMPTS} attempts, then reject.

Exactly one meets both requirements under this fault. Before you run, predict how many of the first ${CLIENTS}
requests each one admits, and why.
`.trim();

export const atomicTask: LabTask = {
  id: "atomic",
  kind: "configure",
  title: "Keep the log atomic",
  statement,
  answerSchema: atomicAnswer,
  starter: { mode: "read-then-write" } satisfies AtomicAnswer,
  timeLimitMs: 30_000,
  verdictTable: (): VerdictCase[] => [
    {
      name: "lua-script",
      answer: { mode: "lua-script" },
      expected: { verdict: "pass" },
      why: "atomic inside Redis, never retries",
    },
    {
      name: "read-then-write",
      answer: { mode: "read-then-write" },
      expected: { verdict: "fail", diagnosisIncludes: "before any of them added" },
      why: "every client counts the same empty log",
    },
    {
      name: "watch-multi",
      answer: { mode: "watch-multi" },
      expected: { verdict: "fail", diagnosisIncludes: "ran out of attempts" },
      why: "safe, but one winner per round of retries",
    },
  ],
};

interface AtomicReport {
  decisions: Decision[];
}

export function gradeAtomic({ decisions }: AtomicReport, answer: AtomicAnswer): Grade {
  const rolling = checkAdmitted(decisions);
  const admittedAt = (at: number) => decisions.filter((d) => d.at === at && d.allowed).length;
  const details = {
    mode: answer.mode,
    admittedPerRound: ROUNDS.map(admittedAt),
    rollingMax: rolling.worst?.count ?? 0,
  };
  const worst = rolling.worst;
  if (worst && worst.count > LIMIT) {
    const inWorst = decisions.filter((d) => d.allowed && d.at >= worst.start && d.at < worst.end);
    const last = inWorst.at(-1)!;
    return {
      verdict: "fail",
      diagnosis: `Over-admitted: ${worst.count} requests got through in the rolling window [${worst.start}, ${worst.end}) ms, over the limit of ${LIMIT}; the ${describeDecision(last)} was one of them. The clients counted the log before any of them added to it, so each saw room for itself.`,
      hint: "Counting and adding must be one step nobody can interleave with.",
      witness: {
        kind: "over-admitted",
        op: witnessOf(last),
        related: inWorst.slice(0, 1).map(witnessOf),
      },
      details,
    };
  }
  const short = ROUNDS.find((at) => admittedAt(at) < LIMIT);
  if (short !== undefined) {
    const gaveUp = decisions.find(
      (d) => d.at === short && (d.trace as { gaveUp?: boolean } | undefined)?.gaveUp,
    );
    return {
      verdict: "fail",
      diagnosis: `Only ${admittedAt(short)} of the ${CLIENTS} requests at ${short} ms got through, though the window had room for ${LIMIT}: ${gaveUp ? `the others ran out of attempts, the first of them the ${describeDecision(gaveUp)}, because each round of retries has one winner and the rest lose the race` : "the rest were rejected"}.`,
      hint: "Under heavy contention optimistic concurrency spends its attempts losing; a step that cannot conflict never retries.",
      ...(gaveUp ? { witness: { kind: "rejected-under-limit", op: witnessOf(gaveUp) } } : {}),
      details,
    };
  }
  return {
    verdict: "pass",
    diagnosis: `Each time exactly ${LIMIT} of the ${CLIENTS} parallel requests got through, and no rolling window held more than ${LIMIT}, despite the ${PAUSE_MS} ms stall: ${answer.mode} decides in one step and never retries.`,
    details,
  };
}

function limiterFor(mode: AtomicAnswer["mode"], sys: RedisClients): Promise<Limiter> | Limiter {
  const keyOf = (user: string) => `${sys.keyPrefix}log:${user}`;
  if (mode === "lua-script") return luaLimiter(sys.admin, "sliding-log", RULE, keyOf);
  if (mode === "read-then-write") return readThenWriteLog(RULE, keyOf, PAUSE_MS);
  return watchMultiLog(RULE, keyOf, PAUSE_MS, ATTEMPTS);
}

export function runAtomic(ctx: RunContext, answer: AtomicAnswer): Promise<Grade> {
  const bursts: Burst[] = ROUNDS.map((at, i) => ({
    at,
    user: USER,
    count: CLIENTS,
    phase: `round ${i + 1}`,
    fault: "stall-before-write",
  }));
  return runTraffic<AtomicReport>(ctx, {
    makeLimiter: (sys) => limiterFor(answer.mode, sys),
    bursts,
    check: (traffic) => ({ decisions: traffic.decisions }),
    grade: (report) => gradeAtomic(report, answer),
  });
}

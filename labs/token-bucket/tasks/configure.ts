import { z } from "zod";
import { createRng } from "@/lib/labs/rng";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { luaLimiter } from "../limiters";
import { firstBoundViolation, type BoundViolation } from "../rate-bound";
import {
  APP,
  APP_TRAFFIC,
  BACKEND,
  BACKEND_BOUND,
  CONFIGURE_PROCESSES,
  configureWorkload,
  SCRAPER,
  SCRAPER_TRAFFIC,
} from "../scenario-configure";
import { runTraffic } from "../traffic-run";
import { witnessOf, type Request } from "../workload";
import { configureVerdictTable } from "./configure-table";

export const configureAnswer = z.object({
  capacity: z
    .number({ error: "capacity must be a number of tokens" })
    .int("capacity must be a whole number of tokens")
    .min(1, "capacity must be at least 1")
    .max(20, "capacity must be at most 20")
    .describe("Whole tokens, 1 to 20."),
  refillPerSecond: z
    .number({ error: "refillPerSecond must be a number" })
    .min(0.5, "refillPerSecond must be at least 0.5")
    .max(20, "refillPerSecond must be at most 20")
    .multipleOf(0.5, "refillPerSecond goes in steps of 0.5")
    .describe("Tokens per second, 0.5 to 20 in steps of 0.5."),
  scope: z
    .enum(["per-user", "global"], { error: 'scope must be "per-user" or "global"' })
    .describe("One bucket per user, or one bucket for everyone."),
});
export type ConfigureAnswer = z.infer<typeof configureAnswer>;

export const configureTask: LabTask = {
  id: "configure",
  kind: "configure",
  title: "Size the bucket",
  statement: `Size the rate limiter in front of your API. It is a token bucket in Redis, one Lua script per request on Redis's clock; a user it has never seen starts with a full bucket.

Who sends what:

- **The mobile app.** When it opens after being idle it sends a batch of **${APP_TRAFFIC.batch} requests at once**, then polls **once every ${APP_TRAFFIC.pollMs} ms** (never more often). None of its requests may ever be rejected.
- **A scraper** on another account sends requests as fast as it can, from ${SCRAPER_TRAFFIC.processes} connections, for as long as the app runs.

What must hold: the backend behind the limiter serves each user's requests **one at a time, ${BACKEND.serviceMs} ms each**, and keeps at most **${BACKEND.queue} more waiting**; a request that arrives when ${BACKEND.queue} are already waiting is lost. No request of any user may ever be lost, however long the traffic goes on. The run replays the admitted requests through that backend on Redis's clock, exactly.

Your answer:

- \`capacity\`: whole tokens, 1 to 20;
- \`refillPerSecond\`: 0.5 to 20, in steps of 0.5;
- \`scope\`: \`per-user\` (one bucket per user) or \`global\` (one bucket for everyone).

Before you run, work out what each requirement rules out. What does the batch need from the bucket, and what does polling need? How many requests can a full bucket let through at once, and how many per second in the long run, and what can the backend absorb of each? More than one answer passes: find them all.`,
  answerSchema: configureAnswer,
  starter: { capacity: 10, refillPerSecond: 20, scope: "global" } satisfies ConfigureAnswer,
  timeLimitMs: 30_000,
  verdictTable: configureVerdictTable,
};

export interface ConfigureReport {
  requests: Request[];
  /** The app's first rejected request, null when none was. */
  appRejected: Request | null;
  violation: BoundViolation<Request> | null;
}

const seconds = (r: Request) => `${(r.callTime / 1000).toFixed(2)} s`;
/** "(process 3, at 0.26 s)": the op the timeline highlights as the witness. */
const where = (r: Request) => `(process ${r.process}, at ${seconds(r)})`;

export function gradeConfigure(report: ConfigureReport, answer: ConfigureAnswer): Grade {
  const app = report.requests.filter((r) => r.user === APP);
  const scraperAdmitted = report.requests.filter((r) => r.user === SCRAPER && r.allowed).length;
  const details = { appRequests: app.length, scraperAdmitted, ...answer };
  const rejected = report.appRejected;
  if (rejected && answer.scope === "global") {
    return {
      verdict: "fail",
      diagnosis: `The app's ${rejected.phase} request ${where(rejected)} was rejected: with one global bucket the scraper spends the tokens the app needs.`,
      hint: "Give every user a bucket of their own.",
      witness: { kind: "legitimate-rejected", op: witnessOf(rejected) },
      details,
    };
  }
  if (rejected?.phase === "batch") {
    const admitted = app.filter((r) => r.phase === "batch" && r.allowed).length;
    return {
      verdict: "fail",
      diagnosis: `Only ${admitted} of the app's batch of ${APP_TRAFFIC.batch} were admitted, on a full bucket (the first rejected: ${where(rejected).slice(1, -1)}): the bucket holds fewer tokens than the batch needs.`,
      hint: "A full bucket lets through at most `capacity` requests at once.",
      witness: { kind: "legitimate-rejected", op: witnessOf(rejected) },
      details,
    };
  }
  if (rejected) {
    return {
      verdict: "fail",
      diagnosis: `The app's ${rejected.phase} ${where(rejected)} was rejected: after the batch emptied the bucket, it did not refill a token between polls.`,
      hint: "A client that polls steadily is never rejected only if the bucket refills at least as fast as it polls.",
      witness: { kind: "legitimate-rejected", op: witnessOf(rejected) },
      details,
    };
  }
  const v = report.violation;
  if (v) {
    const windowS = (v.toUs - v.fromUs) / 1e6;
    const burst = windowS < BACKEND.serviceMs / 1000;
    return {
      verdict: "fail",
      diagnosis: `The backend lost a request from the ${v.last.user}: ${v.admitted} of its requests were admitted within ${windowS.toFixed(3)} s, the last ${where(v.last)}, but a backend that finishes one every ${BACKEND.serviceMs} ms and holds ${BACKEND_BOUND.burst} can take only ${v.allowed.toFixed(2)} in that time.`,
      hint: burst
        ? "A full bucket lets through `capacity` requests at the same instant: the backend must be able to hold them all."
        : "In the long run the bucket admits `refillPerSecond` requests a second: the backend must keep up with that.",
      witness: { kind: "over-admitted", op: witnessOf(v.last), related: [witnessOf(v.first)] },
      details,
    };
  }
  return {
    verdict: "pass",
    diagnosis: `The app's batch and all ${app.length - APP_TRAFFIC.batch} polls got through, the scraper got ${scraperAdmitted} requests admitted, and the backend lost none of them (every window checked on Redis's clock).`,
    details,
  };
}

function analyse(requests: Request[]): ConfigureReport {
  const appRejected =
    requests
      .filter((r) => r.user === APP && r.allowed === false)
      .sort((a, b) => a.callTime - b.callTime)[0] ?? null;
  let violation: BoundViolation<Request> | null = null;
  for (const user of [SCRAPER, APP]) {
    const admitted = requests.filter(
      (r): r is Request & { us: number } =>
        r.user === user && r.allowed === true && r.us !== undefined,
    );
    violation ??= firstBoundViolation(admitted, BACKEND_BOUND);
  }
  return { requests, appRejected, violation };
}

export function runConfigure(ctx: RunContext, answer: ConfigureAnswer): Promise<Grade> {
  const config = { capacity: answer.capacity, refillPerSecond: answer.refillPerSecond };
  return runTraffic<ConfigureReport>(ctx, {
    processes: CONFIGURE_PROCESSES,
    users: [APP, SCRAPER],
    makeLimiter: (sys) =>
      luaLimiter(sys.admin, {
        config,
        keyOf: (user) => `${sys.keyPrefix}bucket:${answer.scope === "global" ? "all" : user}`,
      }),
    // Once the app is rejected or a request is lost, the grade is certain: stop early.
    onDecision(r, traffic) {
      if (r.user === APP && r.allowed === false) traffic.stop();
      else if (r.allowed && analyse(traffic.requests).violation) traffic.stop();
    },
    workload: (traffic) => configureWorkload(ctx, traffic, createRng(ctx.seed)),
    check: (traffic) => analyse(traffic.requests),
    grade: (report) => gradeConfigure(report, answer),
  });
}

/**
 * implement: the student writes the sliding log's script (the sorted-set recipe) as a
 * TypeScript function with Lua's redis.call; it runs atomically per key against Redis.
 */
import { z } from "zod";
import { createRng } from "@/lib/labs/rng";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { createSandbox, type Sandbox, type SandboxOptions } from "@/lib/sandbox";
import { gradeImplement, MAX_KEY_LIFE_MS, type ImplementReport } from "../grade-implement";
import { runTraffic } from "../run-traffic";
import { SandboxedLog } from "../sandboxed-log";
import { implementBursts, USERS } from "../scenario-implement";
import { HARNESS_EXPORT, HARNESS_SOURCE, STUDENT_EXPORT } from "../script-harness";
import { CLIENTS, LIMIT, WINDOW_MS } from "../settings";

export const implementAnswer = z.object({
  code: z
    .string({ error: "code must be the text of your TypeScript" })
    .min(1, "code is empty: write a slidingLog() function"),
});
type ImplementAnswer = z.infer<typeof implementAnswer>;

const LIMITS: Omit<SandboxOptions, "exports"> = { callTimeoutMs: 200, totalTimeMs: 10_000 };
/** Each runs its own copy of the student's code: anything kept outside Redis is not shared. */
const APP_SERVERS = 2;

const STARTER = `// One request of one user. Runs like a Lua script: alone, start to end, no other request in between.
// redis.call(command, key, ...args) works as in Lua, e.g. redis.call("ZCARD", key).
type Redis = { call(command: string, key: string, ...args: (string | number)[]): any };
type Config = { windowMs: number; limit: number };

export function slidingLog(redis: Redis, key: string, now: number, member: string, config: Config): boolean {
  // TODO: forget what left the window, count what is left,
  // and log this request only if there is room for it.
  return true;
}
`;

const statement = `
Write the **sliding log** as the script Redis runs for every request: a sorted set per user whose
scores are the times of admitted requests.

\`\`\`ts
slidingLog(redis, key, now, member, config) → boolean   // true: admitted
\`\`\`

- \`redis.call(command, key, ...args)\` works as in a Lua script. The sorted-set commands are there
  (\`ZADD\`, \`ZREM\`, \`ZREMRANGEBYSCORE\`, \`ZCARD\`, \`ZCOUNT\`, \`ZRANGE\`, \`ZSCORE\`) and \`PEXPIRE\`, \`EXPIRE\`,
  \`PTTL\`, \`TTL\`, \`EXISTS\`, \`DEL\`. Scores take \`"-inf"\`, \`"+inf"\` and \`"(x"\` (exclusive) as in Redis.
- \`now\` is the lab's clock in whole milliseconds; the same clock places every request, so boundaries are exact.
- \`member\` is unique to this request; \`config\` is \`{ windowMs: ${WINDOW_MS}, limit: ${LIMIT} }\`.
- It runs on ${APP_SERVERS} app servers, each with its own copy of your code: only Redis is shared.
- Like \`EVALSHA\`, one call runs alone for its key: your script is atomic. Its writes go to Redis in one
  \`MULTI\`/\`EXEC\`, and the next call for that user reads the set back from Redis. TTLs count on the lab's clock.

**The requirement:** a request is admitted **exactly when** fewer than ${LIMIT} requests of that user were admitted in
the rolling window (now − ${WINDOW_MS}, now] ms. The grader replays every user's decisions in the order your
scripts ran and checks each one both ways: admitting too many breaks the limit, and rejecting with room to spare
locks users out. And a key must expire once it is useless: at most ${MAX_KEY_LIFE_MS} ms after its user's last request.

How it runs: ${CLIENTS} clients send requests in parallel for three users — one that fills its window and comes back
exactly one window later, one sending four times the limit all along, and one bursting on both sides of a boundary.

Before you run, work out:

1. A request admitted at 0 ms: is it still in the window at ${WINDOW_MS - 1} ms? At ${WINDOW_MS} ms? Which \`ZREMRANGEBYSCORE\` bounds say exactly that?
2. Why must a rejected request not stay in the log? What happens to a client that keeps retrying?
3. Five requests arrive in the same millisecond. Why does \`ZADD key now now\` count them wrongly?
`.trim();

export const implementTask: LabTask = {
  id: "implement",
  kind: "implement",
  title: "Write the sliding log",
  statement,
  answerSchema: implementAnswer,
  starter: { code: STARTER } satisfies ImplementAnswer,
  timeLimitMs: 30_000,
};

export async function runImplement(ctx: RunContext, answer: ImplementAnswer): Promise<Grade> {
  // The student's code alone first: a syntax error or a missing export in their own words,
  // before anything starts.
  (await createSandbox(answer.code, { ...LIMITS, exports: [STUDENT_EXPORT] })).dispose();
  const servers: Sandbox[] = [];
  try {
    for (let i = 0; i < APP_SERVERS; i++)
      servers.push(
        await createSandbox(`${answer.code}\n${HARNESS_SOURCE}`, {
          ...LIMITS,
          exports: [STUDENT_EXPORT, HARNESS_EXPORT],
        }),
      );
    return await runWith(ctx, servers);
  } finally {
    for (const box of servers) box.dispose();
  }
}

async function runWith(ctx: RunContext, servers: Sandbox[]): Promise<Grade> {
  let log: SandboxedLog | undefined;
  const keyOf = (prefix: string) => (user: string) => `${prefix}log:${user}`;
  return runTraffic<ImplementReport>(ctx, {
    makeLimiter: (sys) => (log = new SandboxedLog(servers, keyOf(sys.keyPrefix))),
    bursts: implementBursts(createRng(ctx.seed).fork("traffic")),
    async check(traffic, sys) {
      const redisTtl: Record<string, number> = {};
      for (const user of USERS) redisTtl[user] = await sys.admin.pttl(keyOf(sys.keyPrefix)(user));
      return { decisions: traffic.decisions, users: USERS, keys: log?.keys ?? new Map(), redisTtl };
    },
    grade: gradeImplement,
  });
}

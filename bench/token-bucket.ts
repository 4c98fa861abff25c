/**
 * Decisions per second: our token-bucket Lua script (labs/token-bucket) vs rate-limiter-flexible's
 * RateLimiterRedis (a fixed-window counter, also one Lua script per decision) on the same Redis,
 * same connections, same concurrency, rounds interleaved so machine load hits both alike.
 * Also: calls/s of the student's allow() in the QuickJS sandbox vs the same function native,
 * the cost the implement task adds to each decision.
 * Usage: npm run bench:token-bucket [-- --decisions 20000 --concurrency 64 --connections 4 --rounds 3]
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { readFile } from "node:fs/promises";
import { luaLimiter } from "@/labs/token-bucket/limiters";
import { takeToken } from "@/labs/token-bucket/model";
import { createSandbox } from "@/lib/sandbox";

const { values } = parseArgs({
  options: {
    decisions: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "64" },
    connections: { type: "string", default: "4" },
    rounds: { type: "string", default: "3" },
    users: { type: "string", default: "100" },
  },
});
const decisions = Number(values.decisions);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const users = Number(values.users);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `faultline-bench:tb:${randomUUID()}:`;

const conns = Array.from({ length: Number(values.connections) }, () => new Redis(redisUrl));
const admin = new Redis(redisUrl);
// Generous limits so both spend the same work on allowed and rejected decisions alike.
const ours = await luaLimiter(admin, {
  config: { capacity: 50, refillPerSecond: 100 },
  keyOf: (u) => `${prefix}ours:${u}`,
});
const peers = conns.map(
  (storeClient) =>
    new RateLimiterRedis({ storeClient, keyPrefix: `${prefix}rlf`, points: 50, duration: 1 }),
);
const never = new AbortController().signal;

type Decide = (i: number) => Promise<boolean>;
const decideOurs: Decide = async (i) =>
  (await ours.acquire(conns[i % conns.length] as Redis, `u${i % users}`, never)).allowed;
const decidePeer: Decide = async (i) => {
  try {
    await (peers[i % peers.length] as RateLimiterRedis).consume(`u${i % users}`);
    return true;
  } catch (err) {
    if (err instanceof RateLimiterRes) return false;
    throw err;
  }
};

async function measure(decide: Decide): Promise<{ perSecond: number; allowed: number }> {
  let next = 0;
  let allowed = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < decisions) if (await decide(next++)) allowed++;
    }),
  );
  return { perSecond: decisions / ((performance.now() - start) / 1000), allowed };
}

async function sandboxCalls(): Promise<void> {
  const code = await readFile(
    new URL("../labs/token-bucket/solutions/implement/reference.ts", import.meta.url),
    "utf8",
  );
  const box = await createSandbox(code, { exports: ["allow"], totalTimeMs: 120_000 });
  const config = { capacity: 50, refillPerSecond: 100 };
  const n = 20_000;
  const time = (step: (state: unknown, i: number) => unknown): number => {
    let state: unknown = null;
    const start = performance.now();
    for (let i = 0; i < n; i++) state = (step(state, i) as { state: unknown }).state;
    return n / ((performance.now() - start) / 1000);
  };
  try {
    const sandboxed = time((state, i) => box.call("allow", state, i, 1, config));
    const native = time((state, i) =>
      takeToken(state as Parameters<typeof takeToken>[0], i, 1, config),
    );
    console.log(
      `allow() in QuickJS sandbox: ${Math.round(sandboxed)} calls/s; native: ${Math.round(native)} calls/s; sandbox/native ${(sandboxed / native).toFixed(4)}; sandbox/our Redis decisions ${(sandboxed / lastOurs).toFixed(1)}x`,
    );
  } finally {
    box.dispose();
  }
}

let lastOurs = 1;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
try {
  await measure(decideOurs); // warm-up: scripts loaded, connections hot
  await measure(decidePeer);
  const oursRuns: number[] = [];
  const peerRuns: number[] = [];
  for (let r = 0; r < rounds; r++) {
    oursRuns.push((await measure(decideOurs)).perSecond);
    peerRuns.push((await measure(decidePeer)).perSecond);
  }
  const a = median(oursRuns);
  lastOurs = a;
  const b = median(peerRuns);
  console.log(
    `token-bucket Lua (ours)               : ${Math.round(a)} decisions/s  (rounds: ${oursRuns.map(Math.round).join(", ")})`,
  );
  console.log(
    `rate-limiter-flexible RateLimiterRedis: ${Math.round(b)} decisions/s  (rounds: ${peerRuns.map(Math.round).join(", ")})`,
  );
  console.log(
    `ratio ours/peer: ${(a / b).toFixed(2)}  (${decisions} decisions, concurrency ${concurrency}, ${conns.length} connections, ${users} users, median of ${rounds})`,
  );
  await sandboxCalls();
} finally {
  let cursor = "0";
  do {
    const [nextCursor, keys] = await admin.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    if (keys.length) await admin.del(...keys);
    cursor = nextCursor;
  } while (cursor !== "0");
  admin.disconnect();
  conns.forEach((c) => c.disconnect());
}

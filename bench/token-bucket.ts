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
import { spawnSync } from "node:child_process";
import { luaLimiter } from "@/labs/token-bucket/limiters";
import { firstBoundViolation } from "@/labs/token-bucket/rate-bound";
import { TOKEN_BUCKET_LUA } from "@/lib/rate-limit/token-bucket-lua";
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
const decideOurs: Decide = async (i) => (await ours.acquire(conns[i % conns.length] as Redis, `u${i % users}`, never)).allowed;

/**
 * One more (untimed) round of ours at the same concurrency, every admission kept with its
 * Redis time, checked by the lab's own bound (labs/token-bucket/rate-bound.ts): no window of
 * any user admits more than B + R·T. Returns the users over the bound.
 */
async function overAdmissions(): Promise<number> {
  const admitted = new Map<string, { us: number }[]>();
  await measure(async (i) => {
    const user = `u${i % users}`;
    const decision = await ours.acquire(conns[i % conns.length] as Redis, user, never);
    if (decision.allowed) admitted.set(user, [...(admitted.get(user) ?? []), { us: decision.serverUs }]);
    return decision.allowed;
  });
  return [...admitted.values()].filter((list) => firstBoundViolation(list, { burst: 50, perSecond: 100 }) !== null).length;
}

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

/**
 * The ceiling: redis-benchmark sending the same scripts (EVALSHA, random users) with the same
 * connections and requests in flight per connection (64 / 4 = a pipeline of 16), no Node client.
 */
async function ceiling(oursPerSecond: number, peerPerSecond: number): Promise<void> {
  const url = new URL(redisUrl);
  const perConnection = Math.max(1, Math.round(concurrency / conns.length));
  const peerScript = (peers[0] as unknown as { _incrTtlLuaScript: string })._incrTtlLuaScript;
  const run = async (tag: string, script: string, args: string[]): Promise<number | null> => {
    const sha = (await admin.script("LOAD", script)) as string;
    const out = spawnSync(
      "redis-benchmark",
      ["-h", url.hostname, "-p", url.port || "6379", "-c", String(conns.length), "-P", String(perConnection), "-n", String(decisions), "-r", String(users), "--csv", "EVALSHA", sha, "1", `${prefix}rb-${tag}:__rand_int__`, ...args],
      { encoding: "utf8" },
    );
    const rps = /"EVALSHA[^"]*","([\d.]+)"/.exec(out.stdout ?? "");
    if (!rps) console.error(`redis-benchmark: ${out.error?.message ?? ""} ${out.stderr ?? ""} ${(out.stdout ?? "").slice(0, 300)}`);
    return out.status === 0 && rps ? Number(rps[1]) : null;
  };
  // Interleaved rounds, median, as for the clients: one redis-benchmark run is too noisy here.
  const oursRounds: number[] = [];
  const peerRounds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const o = await run("ours", TOKEN_BUCKET_LUA, ["50", "100", "1", "60000"]);
    const p = await run("peer", peerScript, ["1", "1", "50", "1"]);
    if (o !== null) oursRounds.push(o);
    if (p !== null) peerRounds.push(p);
  }
  const oursCeiling = oursRounds.length ? median(oursRounds) : null;
  const peerCeiling = peerRounds.length ? median(peerRounds) : null;
  if (oursCeiling === null || peerCeiling === null) {
    console.log("redis-benchmark ceiling: not measured (redis-benchmark missing or its output not understood)");
    return;
  }
  console.log(
    `redis-benchmark ceiling (-c ${conns.length} -P ${perConnection}): ours ${Math.round(oursCeiling)}/s (client reaches ${((oursPerSecond / oursCeiling) * 100).toFixed(0)} %), rate-limiter-flexible's script ${Math.round(peerCeiling)}/s (client reaches ${((peerPerSecond / peerCeiling) * 100).toFixed(0)} %); ceiling ratio ours/peer ${(oursCeiling / peerCeiling).toFixed(2)}`,
  );
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
  const overAdmitted = await overAdmissions();
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
  console.log(
    `over-admission (ours, ${concurrency} in flight, the lab's bound check on every user): ${overAdmitted === 0 ? "none" : `${overAdmitted} users over the bound`}`,
  );
  await ceiling(a, b);
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

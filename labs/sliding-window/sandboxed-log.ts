/**
 * The student's sliding-log script as the limiter, on two app servers (two copies of the code:
 * only Redis is shared, as in production). Like EVALSHA, one script runs at a time per key
 * (a queue per user here), so the script itself is atomic; its state lives in Redis:
 * read with ZRANGE before the script, its writes applied in one MULTI/EXEC after.
 * Expiry follows the lab's clock (the one `now` comes from); Redis gets the same PEXPIRE
 * plus a margin, so it frees the key too, never before the lab does.
 */
import type { Redis } from "ioredis";
import { LabFailure } from "@/lib/labs/errors";
import { boundJson, type Sandbox } from "@/lib/sandbox";
import {
  HARNESS_EXPORT,
  STUDENT_EXPORT,
  type HarnessInput,
  type HarnessOutput,
  type Write,
} from "./script-harness";
import { EXPIRY_SLACK_MS, RULE } from "./settings";
import type { Limiter } from "./traffic";

/** What one script call saw and left: the checker explains a wrong decision from it. */
export interface ScriptTrace {
  /** The log the script was given, [member, score]. */
  before: [string, number][];
  after: [string, number][];
  /** Entries this user's scripts have removed so far (latest last), with the trims that did it. */
  removed: Removal[];
  /** The user's key last expired (on the lab's clock) at `at`, with these entries in it. */
  expired: { at: number; entries: [string, number][] } | null;
}

export interface Removal {
  score: number;
  /** Lab ms of the script that removed it. */
  at: number;
  /** The [min, max] of each ZREMRANGEBYSCORE that script ran, as it wrote them. */
  trims: [string, string][];
}

/** How many removals a trace carries: enough to explain the next window's decisions. */
const REMOVALS_KEPT = 100;

export interface KeyState {
  entries: [string, number][];
  expireAt: number | null;
  lastAt: number;
}

/** The name the script sees for a user's key. */
export const studentKey = (user: string) => `ratelimit:${user}`;

function pairs(flat: string[]): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, Number(flat[i + 1])]);
  return out;
}

function apply(conn: Redis, key: string, writes: Write[]) {
  const tx = conn.multi();
  for (const w of writes) {
    if (w[0] === "ZREMRANGEBYSCORE") tx.zremrangebyscore(key, w[1], w[2]);
    else if (w[0] === "ZADD") tx.zadd(key, w[1], w[2]);
    else if (w[0] === "ZREM") tx.zrem(key, w[1]);
    else if (w[0] === "PEXPIRE") tx.pexpire(key, Math.max(1, Math.round(w[1] + EXPIRY_SLACK_MS)));
    else tx.del(key);
  }
  return tx.exec();
}

export class SandboxedLog implements Limiter {
  /** Per user: the key's state after its last script, on the lab's clock. */
  readonly keys = new Map<string, KeyState>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly expiries = new Map<string, NonNullable<ScriptTrace["expired"]>>();
  private readonly removals = new Map<string, Removal[]>();

  constructor(
    /** One copy of the student's code per app server; client p talks to server p mod n. */
    private readonly servers: Sandbox[],
    private readonly keyOf: (user: string) => string,
  ) {}

  decide(conn: Redis, user: string, now: number, member: string, process: number) {
    const box = this.servers[process % this.servers.length]!;
    const run = (this.queues.get(user) ?? Promise.resolve()).then(() =>
      this.script(box, conn, user, now, member),
    );
    this.queues.set(
      user,
      run.catch(() => undefined),
    );
    return run;
  }

  private async script(box: Sandbox, conn: Redis, user: string, now: number, member: string) {
    const key = this.keyOf(user);
    const known = this.keys.get(user);
    const expiredNow = known?.expireAt != null && now >= known.expireAt;
    if (expiredNow) {
      this.expiries.set(user, { at: known.expireAt!, entries: known.entries });
      await conn.del(key);
    }
    const before = pairs(await conn.zrange(key, "0", "-1", "WITHSCORES"));
    const input: HarnessInput = {
      key: studentKey(user),
      now,
      member,
      config: RULE,
      entries: before,
      expireAt: expiredNow ? null : (known?.expireAt ?? null),
    };
    const out = box.call(HARNESS_EXPORT, input) as HarnessOutput;
    if ("misuse" in out)
      throw new LabFailure(
        `Your script failed on ${input.key} at ${now} ms: ${out.misuse}.`,
        "Use the commands of a sorted set on the key you were given.",
      );
    if (typeof out.allowed !== "boolean")
      throw new LabFailure(
        `${STUDENT_EXPORT}() must return true or false, but it returned ${boundJson(out.allowed, 100)}.`,
        "A Lua script answers 1 or 0; here return the boolean itself.",
      );
    await apply(conn, key, out.writes);
    this.keys.set(user, { entries: out.entries, expireAt: out.expireAt, lastAt: now });
    const trims = out.writes.flatMap((w) =>
      w[0] === "ZREMRANGEBYSCORE" ? [[w[1], w[2]] as [string, string]] : [],
    );
    const kept = new Set(out.entries.map(([m]) => m));
    const removed = [
      ...(this.removals.get(user) ?? []),
      ...before.filter(([m]) => !kept.has(m)).map(([, score]) => ({ score, at: now, trims })),
    ].slice(-REMOVALS_KEPT);
    this.removals.set(user, removed);
    const trace: ScriptTrace = {
      before,
      after: out.entries,
      removed,
      expired: this.expiries.get(user) ?? null,
    };
    return { allowed: out.allowed, trace };
  }
}

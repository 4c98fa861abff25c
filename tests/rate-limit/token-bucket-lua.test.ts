/** The shared token-bucket script on a real Redis: decisions, its two reply shapes, its stored value. */
import { afterAll, describe, expect, it } from "vitest";
import { takeToken } from "@/lib/auth/rate-limit";
import { decodeBucket, decodeBucketReply, LUA_UNITS_PER_TOKEN, TOKEN_BUCKET_LUA } from "@/lib/rate-limit/token-bucket-lua";
import { deleteKeys, testRedis, uniquePrefix } from "../support/services";

const redis = testRedis();
const prefix = uniquePrefix("tb-lua");

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

const take = async (key: string, capacity: number, perSecond: number, mode?: "units") =>
  redis.eval(TOKEN_BUCKET_LUA, 1, `${prefix}:${key}`, capacity, perSecond, 1, 60_000, ...(mode ? [mode] : []));

describe("the token-bucket script", () => {
  it("admits a full bucket's burst, then refuses, on Redis's clock", async () => {
    const [seconds, micros] = await redis.time();
    const before = Number(seconds) * 1e6 + Number(micros);
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(decodeBucketReply((await take("burst", 3, 0.5)) as number));
    expect(replies.map((r) => r.allowed)).toEqual([true, true, true, false]);
    for (const r of replies) {
      expect(r.serverUs).toBeGreaterThanOrEqual(before);
      expect(r.serverUs - before).toBeLessThan(5_000_000);
    }
  });

  it("answers units left when asked, and stores them with the bucket's time", async () => {
    const [allowed, units, now] = (await take("units", 3, 0.5, "units")) as [number, number, number];
    expect(allowed).toBe(1);
    expect(units).toBe(2 * LUA_UNITS_PER_TOKEN);
    const stored = decodeBucket(await redis.getBuffer(`${prefix}:units`));
    expect(stored).toEqual({ units: 2 * LUA_UNITS_PER_TOKEN, updatedAtUs: now });
  });

  it("refills at its rate on Redis's clock, never above capacity", async () => {
    // 10 tokens/s: the units a take finds are exactly last units + elapsed µs × 10 × 2 (units/µs), capped.
    const perUs = 10 * (LUA_UNITS_PER_TOKEN / 1_000_000);
    const [, u1, t1] = (await take("refill", 2, 10, "units")) as [number, number, number];
    const [, u2, t2] = (await take("refill", 2, 10, "units")) as [number, number, number];
    expect(u2).toBe(Math.min(2 * LUA_UNITS_PER_TOKEN, u1 + (t2 - t1) * perUs) - LUA_UNITS_PER_TOKEN);
    await new Promise((r) => setTimeout(r, 250)); // ≥ 2.5 tokens' worth: back to the cap, not past it
    const [allowed, u3] = (await take("refill", 2, 10, "units")) as [number, number];
    expect(allowed).toBe(1);
    expect(u3).toBe(1 * LUA_UNITS_PER_TOKEN);
  });

  it("replaces a bucket an older version stored as a hash instead of failing", async () => {
    await redis.hset(`${prefix}:old`, "units", "1", "us", "1");
    expect(decodeBucketReply((await take("old", 1, 1)) as number).allowed).toBe(true);
    expect(await redis.type(`${prefix}:old`)).toBe("string");
  });

  it("tells the sign-in limiter how long until a token is back", async () => {
    const key = `${prefix}:signin`;
    const limit = { capacity: 2, refillPerSecond: 0.5 };
    expect(await takeToken(redis, key, limit)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await takeToken(redis, key, limit)).toMatchObject({ allowed: true });
    // Empty: one whole token at 0.5/s is 2 s away (a few µs of refill round up to 2 still).
    expect(await takeToken(redis, key, limit)).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });
});

/** Health names the part that is down. */
import { afterAll, describe, expect, it } from "vitest";
import { checkHealth } from "@/lib/health";
import { beat } from "@/lib/queue/heartbeat";
import { createRedis } from "@/lib/queue/redis";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, uniquePrefix } from "../support/services";

const redis = createRedis({ url: TEST_REDIS_URL });
const prefix = uniquePrefix("health");
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe("checkHealth", () => {
  it("is ok with Postgres, Redis and a live worker", async () => {
    await beat(redis, prefix, "w1", { pid: 1 });
    const health = await checkHealth({ databaseUrl: TEST_DATABASE_URL, redis, prefix });
    expect(health).toMatchObject({ ok: true, down: [], workers: { ids: ["w1"] } });
  });

  it("names the workers when none is live", async () => {
    const health = await checkHealth({ databaseUrl: TEST_DATABASE_URL, redis, prefix: `${prefix}:empty` });
    expect(health.down).toEqual(["workers"]);
    expect(health.workers.detail).toMatch(/npm run worker/);
  });

  it("names Postgres when it is unreachable", async () => {
    const health = await checkHealth({ databaseUrl: "postgresql://postgres@127.0.0.1:1/x", redis, prefix });
    expect(health.ok).toBe(false);
    expect(health.down).toEqual(["postgres"]);
  });

  it("names Redis (and therefore workers) when Redis is unreachable", async () => {
    const dead = createRedis({ url: "redis://127.0.0.1:1" });
    dead.on("error", () => {});
    const health = await checkHealth({ databaseUrl: TEST_DATABASE_URL, redis: dead, prefix });
    dead.disconnect();
    expect(health.down).toEqual(["redis", "workers"]);
  });
});

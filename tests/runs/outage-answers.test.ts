/**
 * A request that meets a dead Postgres or Redis gets a 503 saying which service is down and
 * what to do — not a 500, and not a 401 that would send a signed-in student to sign in.
 * The real route handlers, against a real closed port.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { outageOf } from "@/lib/http/outage";
import { freePort } from "@/scripts/setup/ports";

let deadPort = 0;

beforeAll(async () => {
  deadPort = await freePort();
  // The route handlers read these on first use: a database nobody listens on.
  process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${deadPort}/faultline`;
  process.env.REDIS_URL = `redis://127.0.0.1:${deadPort}`;
  process.env.FAULTLINE_REDIS_PREFIX = "faultline-test:outage";
});

afterAll(async () => {
  const { runServices, closeStreamHub } = await import("@/lib/runs/services");
  closeStreamHub();
  runServices().redis.disconnect();
});

describe("outageOf", () => {
  it("recognises a real unreachable Postgres (Prisma) and Redis (ioredis), and nothing else", async () => {
    const db = createPrisma(`postgresql://postgres@127.0.0.1:${deadPort}/x`);
    const dbError = await db.labRun.findFirst().then(() => null, (e: unknown) => e);
    await db.$disconnect();
    expect(outageOf(dbError)).toBe("database");
    const redis = new Redis(`redis://127.0.0.1:${deadPort}`, { maxRetriesPerRequest: 1, connectTimeout: 500, retryStrategy: () => 50 });
    redis.on("error", () => undefined);
    const redisError = await redis.get("k").then(() => null, (e: unknown) => e);
    redis.disconnect();
    expect(outageOf(redisError)).toBe("redis");
    expect(outageOf(new Error("Unknown argument `foo`"))).toBeNull();
    expect(outageOf(new TypeError("x is undefined"))).toBeNull();
  });
});

describe("run routes while Postgres is down", () => {
  const cookie = "better-auth.session_token=some-session";

  it("GET /api/runs/:id answers 503 with what to do", async () => {
    const { GET } = await import("@/app/api/runs/[id]/route");
    const res = await GET(new Request("http://test/api/runs/r1", { headers: { cookie } }), { params: Promise.resolve({ id: "r1" }) });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(((await res.json()) as { error: string }).error).toMatch(/database is not answering.*try again in a few seconds/);
  }, 30_000);

  it("POST /api/runs answers 503, not 401", async () => {
    const { POST } = await import("@/app/api/runs/route");
    const res = await POST(new Request("http://test/api/runs", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: "{}" }));
    expect(res.status).toBe(503);
  }, 30_000);

  it("the people routes answer 503 too", async () => {
    const { GET } = await import("@/app/api/cohorts/route");
    const res = await GET(new Request("http://test/api/cohorts", { headers: { cookie } }), undefined as never);
    expect(res.status).toBe(503);
  }, 30_000);
});

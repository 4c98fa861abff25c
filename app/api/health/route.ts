import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { checkHealth } from "@/lib/health";
import { createRedis } from "@/lib/queue/redis";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

// One Redis connection for health checks, reused across requests.
const holder = globalThis as unknown as { __faultlineHealthRedis?: ReturnType<typeof createRedis> };

export const GET = timedRoute("/api/health", async function get() {
  const { DATABASE_URL, FAULTLINE_REDIS_PREFIX } = config();
  holder.__faultlineHealthRedis ??= createRedis();
  const health = await checkHealth({ databaseUrl: DATABASE_URL, redis: holder.__faultlineHealthRedis, prefix: FAULTLINE_REDIS_PREFIX });
  const body = health.ok ? { status: "ok", ...health } : { status: "down", message: `Down: ${health.down.join(", ")}`, ...health };
  return NextResponse.json(body, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
});

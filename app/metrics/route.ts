import { metricsTokenRefusal } from "@/lib/observability/metrics-auth";
import { scrapeMetrics } from "@/lib/observability/scrape";
import { timedRoute } from "@/lib/observability/route-metrics";
import { runServices } from "@/lib/runs/services";

export const dynamic = "force-dynamic";

/** Prometheus text: this web process, its workers (pushed through Redis) and the queue. */
export const GET = timedRoute("/metrics", async function get(request: Request) {
  const refusal = metricsTokenRefusal(request.headers.get("authorization"));
  if (refusal) {
    return new Response(`${refusal}\n`, {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="metrics"', "content-type": "text/plain; charset=utf-8" },
    });
  }
  const { db, redis, prefix, queue } = runServices();
  const { text, contentType } = await scrapeMetrics({ db, redis, prefix, queue });
  return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});

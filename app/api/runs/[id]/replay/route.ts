import { NextResponse } from "next/server";
import { answeringOutages } from "@/lib/http/outage";
import { viewerFrom } from "@/lib/auth/viewer";
import { maxActiveRunsFromEnv } from "@/lib/runs/active-runs";
import { RunRequestError } from "@/lib/runs/errors";
import { loadManifest } from "@/lib/catalogue";
import { submitRateFromEnv } from "@/lib/runs/rate-limit";
import { replayRun } from "@/lib/runs/replay";
import { runServices } from "@/lib/runs/services";
import { timedRoute } from "@/lib/observability/route-metrics";
import { addLogFields } from "@/lib/observability/log-context";
import { withRequestId } from "@/lib/observability/request-context";

export const dynamic = "force-dynamic";

/**
 * POST /api/runs/:id/replay → 201 {id, status, replayOf}: a new run with the stored run's
 * lab, task, answer and seed, for instructors who can see it (403 for its student owner,
 * 404 for anyone who cannot see it). Replays never count for progress. Like a submit, it
 * answers with its request id (`x-request-id`), which the new run's logs carry.
 */
export const POST = timedRoute("/api/runs/[id]/replay", withRequestId(answeringOutages(async function post(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await viewerFrom(request.headers);
  if (viewer) addLogFields({ userId: viewer.id });
  const services = runServices();
  try {
    const run = await replayRun(id, viewer, {
      db: services.db,
      queue: services.queue,
      manifest: await loadManifest(),
      rateLimit: { redis: services.redis, prefix: services.prefix, limits: submitRateFromEnv() },
      maxActiveRuns: maxActiveRunsFromEnv(),
    });
    return NextResponse.json(
      { id: run.id, status: run.status, replayOf: run.replayOf },
      { status: 201, headers: { location: `/api/runs/${run.id}` } },
    );
  } catch (err) {
    if (err instanceof RunRequestError) return NextResponse.json({ error: err.message }, { status: err.status });
    throw err;
  }
})));

import { NextResponse } from "next/server";
import { answeringOutages } from "@/lib/http/outage";
import { parseAfter, runEventStream } from "@/lib/runs/event-stream";
import { runServices, streamHub } from "@/lib/runs/services";
import { maxStreamsFromEnv, openStreamSlot } from "@/lib/runs/stream-slots";
import { audienceOf, getRunForViewer } from "@/lib/runs/view";
import { viewerFrom } from "@/lib/auth/viewer";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

/**
 * GET /api/runs/:id/events — Server-Sent Events: the run's events (id = seq) from
 * Last-Event-ID or ?after=, live until the run ends, then `event: end` with the grade.
 * Each user may hold FAULTLINE_MAX_STREAMS streams at once (429 beyond).
 */
export const GET = timedRoute("/api/runs/[id]/events", answeringOutages(async function get(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const services = runServices();
  const viewer = await viewerFrom(request.headers);
  if (!(await getRunForViewer(id, viewer, services.db))) return NextResponse.json({ error: "No such run." }, { status: 404 });
  const max = maxStreamsFromEnv();
  // Only a signed-in owner or instructor gets this far (anyone else: 404 above).
  const slot = await openStreamSlot(services.redis, services.prefix, viewer!.id, max);
  if (!slot) {
    return NextResponse.json({ error: `You have ${max} live run views open; close one (another tab or window) and reload.` }, { status: 429 });
  }
  const after = parseAfter(request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after"));
  const body = runEventStream({
    db: services.db,
    hub: streamHub(),
    prefix: services.prefix,
    runId: id,
    viewer: "system",
    audience: audienceOf(viewer),
    after,
    signal: request.signal,
    onClose: slot.release,
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}));

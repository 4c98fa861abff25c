import { NextResponse } from "next/server";
import { answeringOutages } from "@/lib/http/outage";
import { viewerFrom } from "@/lib/auth/viewer";
import { runServices } from "@/lib/runs/services";
import { getRunForViewer } from "@/lib/runs/view";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

/** The same answer for "no such run" and "not yours": no hint that an id exists. */
export const RUN_NOT_FOUND = { error: "No such run." };

/** GET /api/runs/:id → the run (status, grade once final) for its owner and their instructors; else 404. */
export const GET = timedRoute("/api/runs/[id]", answeringOutages(async function get(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await viewerFrom(request.headers);
  const run = await getRunForViewer(id, viewer, runServices().db);
  if (!run) return NextResponse.json(RUN_NOT_FOUND, { status: 404 });
  return NextResponse.json(run, { headers: { "cache-control": "no-store" } });
}));

import { NextResponse } from "next/server";
import { gradebookFor } from "@/lib/people/cohort-gradebook";
import { parsePage } from "@/lib/people/paging";
import { withViewer } from "@/lib/people/route";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

/** GET ?page=N → 50 students per page (`studentPage` says which); the CSV export has them all. */
export const GET = timedRoute("/api/cohorts/[id]/gradebook", withViewer<{ params: Promise<{ id: string }> }>(async (viewer, request, { params }) => {
  const { id } = await params;
  return NextResponse.json(await gradebookFor(viewer, id, parsePage(new URL(request.url).searchParams.get("page"))));
}));

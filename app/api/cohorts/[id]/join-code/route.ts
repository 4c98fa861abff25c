import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/client";
import { rotateJoinCode } from "@/lib/people/cohort-admin";
import { withViewer } from "@/lib/people/route";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

/** POST → {joinCode}: a new join code for a cohort the viewer teaches; the old one stops working. */
export const POST = timedRoute("/api/cohorts/[id]/join-code", withViewer<{ params: Promise<{ id: string }> }>(async (viewer, _request, { params }) => {
  const { id } = await params;
  return NextResponse.json(await rotateJoinCode(prisma(), viewer, id));
}));

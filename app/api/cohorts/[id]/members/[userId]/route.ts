import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/client";
import { removeMember } from "@/lib/people/cohort-admin";
import { withViewer } from "@/lib/people/route";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

/** DELETE → {removed: userId}: takes a student out of a cohort the viewer teaches. */
export const DELETE = timedRoute("/api/cohorts/[id]/members/[userId]", withViewer<{ params: Promise<{ id: string; userId: string }> }>(async (viewer, _request, { params }) => {
  const { id, userId } = await params;
  await removeMember(prisma(), viewer, id, userId);
  return NextResponse.json({ removed: userId });
}));

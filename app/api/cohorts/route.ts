import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/client";
import { cohortsTaught, createCohort } from "@/lib/people/cohorts";
import { jsonBody, withViewer } from "@/lib/people/route";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

export const GET = timedRoute("/api/cohorts", withViewer(async (viewer) => NextResponse.json({ cohorts: await cohortsTaught(prisma(), viewer) })));

export const POST = timedRoute("/api/cohorts", withViewer(async (viewer, request) => {
  const body = await jsonBody(request);
  const cohort = await createCohort(prisma(), viewer, body.name);
  return NextResponse.json({ id: cohort.id, name: cohort.name, joinCode: cohort.joinCode }, { status: 201 });
}));

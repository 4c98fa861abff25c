import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/client";
import { joinCohort } from "@/lib/people/cohorts";
import { jsonBody, withViewer } from "@/lib/people/route";

export const dynamic = "force-dynamic";

export const POST = withViewer(async (viewer, request) => {
  const body = await jsonBody(request);
  return NextResponse.json({ cohort: await joinCohort(prisma(), viewer, body.code) });
});

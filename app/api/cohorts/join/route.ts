import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/client";
import { joinCohort } from "@/lib/people/cohorts";
import { signInRequired } from "@/lib/people/errors";
import { takeJoinAttempt } from "@/lib/people/join-limit";
import { jsonBody, withViewer } from "@/lib/people/route";
import { runServices } from "@/lib/runs/services";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

export const POST = timedRoute("/api/cohorts/join", withViewer(async (viewer, request) => {
  if (!viewer) throw signInRequired();
  const { redis, prefix } = runServices();
  await takeJoinAttempt(redis, prefix, viewer.id); // every attempt counts, right code or wrong
  const body = await jsonBody(request);
  return NextResponse.json({ cohort: await joinCohort(prisma(), viewer, body.code) });
}));

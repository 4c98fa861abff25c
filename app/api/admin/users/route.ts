import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/client";
import { listUsers, setRole } from "@/lib/people/roles";
import { jsonBody, withViewer } from "@/lib/people/route";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

export const GET = timedRoute("/api/admin/users", withViewer(async (viewer) => NextResponse.json({ users: await listUsers(prisma(), viewer) })));

/** { email, role } — admins only. */
export const POST = timedRoute("/api/admin/users", withViewer(async (viewer, request) => {
  const body = await jsonBody(request);
  return NextResponse.json({ user: await setRole(prisma(), viewer, body.email, body.role) });
}));

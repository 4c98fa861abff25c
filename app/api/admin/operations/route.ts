import { NextResponse } from "next/server";
import { operationsSnapshot } from "@/lib/observability/operations";
import { assertCanSeeOperations } from "@/lib/observability/operations-access";
import { timedRoute } from "@/lib/observability/route-metrics";
import { withViewer } from "@/lib/people/route";
import { runServices } from "@/lib/runs/services";

export const dynamic = "force-dynamic";

/** The operations snapshot /admin/operations polls (admins only; 401 / 403 otherwise). */
export const GET = timedRoute(
  "/api/admin/operations",
  withViewer(async (viewer) => {
    assertCanSeeOperations(viewer);
    const { db, redis, prefix, queue } = runServices();
    return NextResponse.json(await operationsSnapshot({ db, redis, prefix, queue }), { headers: { "cache-control": "no-store" } });
  }),
);

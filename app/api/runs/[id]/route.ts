import { NextResponse } from "next/server";
import { runServices } from "@/lib/runs/services";
import { getRunForViewer } from "@/lib/runs/view";

export const dynamic = "force-dynamic";

/** GET /api/runs/:id → the run (status, grade once final), or 404. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const run = await getRunForViewer(id, null, runServices().db);
  if (!run) return NextResponse.json({ error: `No run ${id}.` }, { status: 404 });
  return NextResponse.json(run, { headers: { "cache-control": "no-store" } });
}

import { NextResponse } from "next/server";
import { findLab, loadManifest } from "@/lib/catalogue";
import { forRunner } from "@/lib/catalogue/runner-lab";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

/**
 * GET /api/labs/:id → the lab as the chapter's runner gets it (tasks, statements, answer JSON
 * Schemas), each statement also rendered (`statementTree`, hast).
 */
export const GET = timedRoute("/api/labs/[id]", async function get(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const lab = findLab(await loadManifest(), id);
  if (!lab) return NextResponse.json({ error: `No lab "${id}".` }, { status: 404 });
  return NextResponse.json(await forRunner(lab));
});

import { NextResponse } from "next/server";
import { findLab, loadManifest } from "@/lib/runs/manifest";

export const dynamic = "force-dynamic";

/** GET /api/labs/:id → the lab's manifest entry (tasks, statements, answer JSON Schemas). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const lab = findLab(await loadManifest(), id);
  if (!lab) return NextResponse.json({ error: `No lab "${id}".` }, { status: 404 });
  return NextResponse.json(lab);
}

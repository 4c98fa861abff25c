import { NextResponse } from "next/server";
import { findLab, loadManifest } from "@/lib/catalogue";
import { statementsOf } from "@/lib/catalogue/runner-lab";

// Prerendered by `next build` next to the chapter pages that embed these labs: a chapter's
// runner fetches its statements at a static file's cost, and they match the page's build.
export const dynamic = "force-static";

export async function generateStaticParams(): Promise<{ id: string }[]> {
  try {
    return (await loadManifest()).labs.map((lab) => ({ id: lab.id }));
  } catch {
    return []; // no manifest at build time: its labs are "coming soon", and ids render on request
  }
}

/** GET /api/labs/:id/statements → each task's statement rendered on the server (hast), by task id. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const lab = findLab(await loadManifest(), id);
  if (!lab) return NextResponse.json({ error: `No lab "${id}".` }, { status: 404 });
  return NextResponse.json(await statementsOf(lab));
}

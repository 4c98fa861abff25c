import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/client";
import { listChapters } from "@/lib/content";
import { signInRequired } from "@/lib/people/errors";
import { parsePage } from "@/lib/people/paging";
import { dashboard } from "@/lib/people/progress";
import { withViewer } from "@/lib/people/route";
import { loadManifest } from "@/lib/catalogue";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

/** The signed-in student's own progress (?page=N of their runs); there is no way to ask for someone else's. */
export const GET = timedRoute("/api/progress", withViewer(async (viewer, request) => {
  if (!viewer) throw signInRequired();
  const chapters = (await listChapters()).map((c) => ({ slug: c.slug, title: c.title, labs: c.labs }));
  return NextResponse.json(await dashboard(prisma(), viewer.id, chapters, await loadManifest(), parsePage(new URL(request.url).searchParams.get("page"))));
}));

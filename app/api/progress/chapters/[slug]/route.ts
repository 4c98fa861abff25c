import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/client";
import { signInRequired, notFound } from "@/lib/people/errors";
import { markChapterRead } from "@/lib/people/progress";
import { withViewer } from "@/lib/people/route";
import { listChapters } from "@/lib/content";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

export const POST = timedRoute("/api/progress/chapters/[slug]", withViewer<{ params: Promise<{ slug: string }> }>(async (viewer, _request, { params }) => {
  if (!viewer) throw signInRequired();
  const { slug } = await params;
  const chapters = await listChapters();
  if (!chapters.some((c) => c.slug === slug)) throw notFound("No such chapter.");
  await markChapterRead(prisma(), viewer.id, slug);
  return NextResponse.json({ read: true });
}));

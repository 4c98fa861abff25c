import { NextResponse } from "next/server";
import { gradebookFor } from "@/lib/people/cohort-gradebook";
import { withViewer } from "@/lib/people/route";

export const dynamic = "force-dynamic";

export const GET = withViewer<{ params: Promise<{ id: string }> }>(async (viewer, _request, { params }) => {
  const { id } = await params;
  return NextResponse.json(await gradebookFor(viewer, id));
});

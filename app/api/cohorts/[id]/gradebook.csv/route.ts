import { gradebookFor } from "@/lib/people/cohort-gradebook";
import { gradebookCsv } from "@/lib/people/gradebook";
import { withViewer } from "@/lib/people/route";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

export const GET = timedRoute("/api/cohorts/[id]/gradebook.csv", withViewer<{ params: Promise<{ id: string }> }>(async (viewer, _request, { params }) => {
  const { id } = await params;
  const book = await gradebookFor(viewer, id);
  const filename = `gradebook-${book.cohort.name.replace(/[^A-Za-z0-9-]+/g, "-").toLowerCase()}.csv`;
  return new Response(gradebookCsv(book), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
}));

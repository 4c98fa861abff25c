import { getChapter, listChapters } from "@/lib/content";

// Served at /chapters/<slug>.md through a rewrite in next.config.mjs.
export const dynamic = "force-static";
export const dynamicParams = false;

export async function generateStaticParams() {
  return (await listChapters()).map((chapter) => ({ slug: chapter.slug }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const chapter = await getChapter((await params).slug);
  if (!chapter) {
    return new Response("No chapter with that slug. See / for the list of chapters.\n", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(chapter.source, {
    headers: { "content-type": "text/markdown; charset=utf-8" },
  });
}

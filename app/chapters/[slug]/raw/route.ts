import { readFile } from "node:fs/promises";
import path from "node:path";
import { chapterStaticParams } from "@/components/reading/chapter-data";
import { listChapters } from "@/lib/content";

// Served at /chapters/<slug>.md through a rewrite in next.config.mjs; prerendered at build time.
export const dynamic = "force-static";
export const dynamicParams = true;

export const generateStaticParams = chapterStaticParams;

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // The source file is all we need: no compile, no check.
  const meta = (await listChapters()).find((chapter) => chapter.slug === slug);
  if (!meta) {
    return new Response(`No chapter "${slug}". The list of chapters is at /.\n`, {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const source = await readFile(path.resolve(/* turbopackIgnore: true */ process.cwd(), meta.file), "utf8");
  return new Response(source, { headers: { "content-type": "text/markdown; charset=utf-8" } });
}

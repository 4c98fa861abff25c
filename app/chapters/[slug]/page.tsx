import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadChapter, loadChapterList, chapterStaticParams } from "@/components/reading/chapter-data";
import { ChapterArticle } from "@/components/reading/ChapterArticle";
import { DevChapterReload } from "@/components/reading/DevChapterReload";
import { ChapterNav } from "@/components/site/ChapterNav";
import { TableOfContents } from "@/components/reading/TableOfContents";
import "katex/dist/katex.min.css";
import "@/components/reading/prose.css";
import "@/components/reading/code.css";
import "@/components/reading/layout.css";

type Params = { params: Promise<{ slug: string }> };

// Known slugs are prerendered at build time; unknown ones 404 (notFound below).
export const dynamicParams = true;

export const generateStaticParams = chapterStaticParams;

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const chapter = await loadChapter((await params).slug);
  return chapter
    ? {
        title: chapter.meta.title,
        description: chapter.meta.summary,
        alternates: { types: { "text/markdown": `/chapters/${chapter.meta.slug}.md` } },
      }
    : {};
}

export default async function ChapterPage({ params }: Params) {
  const { slug } = await params;
  const [chapter, chapters] = await Promise.all([loadChapter(slug), loadChapterList()]);
  if (!chapter) notFound();
  return (
    <div className="chapter-layout">
      <aside className="chapter-sidebar">
        <ChapterNav chapters={chapters} current={slug} />
      </aside>
      <ChapterArticle chapter={chapter} position={chapters.findIndex((c) => c.slug === slug) + 1} />
      <aside className="chapter-toc">
        <TableOfContents headings={chapter.headings} />
      </aside>
      {process.env.NODE_ENV === "development" && <DevChapterReload />}
    </div>
  );
}

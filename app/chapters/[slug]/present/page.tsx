import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadChapter, loadChapterList, chapterStaticParams } from "@/components/reading/chapter-data";
import { MdxContent } from "@/components/reading/MdxContent";
import { PresentDeck } from "@/components/reading/PresentDeck";
import "katex/dist/katex.min.css";
import "@/components/reading/prose.css";
import "@/components/reading/code.css";
import "@/components/reading/present.css";

type Params = { params: Promise<{ slug: string }> };

// Known slugs are prerendered at build time; unknown ones 404 (notFound below).
export const dynamicParams = true;

export const generateStaticParams = chapterStaticParams;

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const chapter = await loadChapter((await params).slug);
  return chapter ? { title: `${chapter.meta.title} (present)`, robots: { index: false } } : {};
}

export default async function PresentPage({ params }: Params) {
  const chapter = await loadChapter((await params).slug);
  if (!chapter) notFound();
  return (
    <PresentDeck slug={chapter.meta.slug} title={chapter.meta.title} summary={chapter.meta.summary}>
      <MdxContent code={chapter.code} />
    </PresentDeck>
  );
}

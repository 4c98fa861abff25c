import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getChapter, listChapters } from "@/lib/content";
import { MdxContent } from "@/components/reading/MdxContent";
import { PresentDeck } from "@/components/reading/PresentDeck";
import "katex/dist/katex.min.css";
import "@/components/reading/prose.css";
import "@/components/reading/code.css";
import "@/components/reading/present.css";

type Params = { params: Promise<{ slug: string }> };

export const dynamicParams = false;

export async function generateStaticParams() {
  return (await listChapters()).map((chapter) => ({ slug: chapter.slug }));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const chapter = await getChapter((await params).slug);
  return chapter ? { title: `${chapter.meta.title} (present)`, robots: { index: false } } : {};
}

export default async function PresentPage({ params }: Params) {
  const chapter = await getChapter((await params).slug);
  if (!chapter) notFound();
  return (
    <PresentDeck slug={chapter.meta.slug} title={chapter.meta.title} summary={chapter.meta.summary}>
      <MdxContent code={chapter.code} />
    </PresentDeck>
  );
}

import Link from "next/link";
import { Clock, Presentation } from "lucide-react";
import type { Chapter } from "@/lib/content";
import { CopyMarkdownButton } from "./CopyMarkdownButton";
import { MdxContent } from "./MdxContent";
import { PrevNext } from "./PrevNext";
import { ProgressControl } from "./ProgressControl";
import { MobileToc } from "./MobileToc";

/** One chapter: header with reading tools, the MDX body, and the way on. */
export function ChapterArticle({ chapter, position }: { chapter: Chapter; position: number }) {
  const { meta } = chapter;
  return (
    <article className="chapter" aria-labelledby="chapter-title">
      <header className="chapter-header">
        <p className="chapter-kicker">Chapter {position}</p>
        <h1 id="chapter-title">{meta.title}</h1>
        <p className="chapter-summary">{meta.summary}</p>
        <div className="chapter-tools">
          <span className="chapter-reading-time">
            <Clock aria-hidden="true" size={14} /> {meta.readingMinutes} min read
          </span>
          {/* Not prefetched: the present view's own script (PresentDeck, ~5 KB gzipped) would count
              against every chapter visit's first-load JS for a view few readers open. */}
          <Link className="chip-button" href={`/chapters/${meta.slug}/present`} prefetch={false}>
            <Presentation aria-hidden="true" size={14} /> Present
          </Link>
          <CopyMarkdownButton slug={meta.slug} />
          <ProgressControl slug={meta.slug} />
        </div>
      </header>
      <MobileToc headings={chapter.headings} />
      <div className="prose">
        <MdxContent code={chapter.code} />
      </div>
      <footer className="chapter-footer">
        <ProgressControl slug={meta.slug} />
        <PrevNext prev={chapter.prev} next={chapter.next} />
      </footer>
    </article>
  );
}

import Link from "next/link";
import { ProgressBadge } from "@/components/reading/ProgressControl";
import { CollapsibleSidebar } from "./CollapsibleSidebar";

export interface ChapterLink {
  slug: string;
  title: string;
  order: number;
}

/** The course's chapter list, with the reader's progress on each. */
export function ChapterNav({ chapters, current }: { chapters: ChapterLink[]; current?: string }) {
  return (
    <nav className="chapter-nav" aria-label="Chapters">
      <CollapsibleSidebar label="Chapters">
        <p className="chapter-nav-title">Course</p>
        <ol>
          {chapters.map((chapter, i) => (
            <li key={chapter.slug}>
              <Link
                href={`/chapters/${chapter.slug}`}
                aria-current={chapter.slug === current ? "page" : undefined}
              >
                <span className="chapter-nav-number">{i + 1}</span>
                <span className="chapter-nav-label">{chapter.title}</span>
                <ProgressBadge slug={chapter.slug} />
              </Link>
            </li>
          ))}
        </ol>
      </CollapsibleSidebar>
    </nav>
  );
}

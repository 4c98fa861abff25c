import Link from "next/link";
import { ProgressBadge } from "@/components/reading/ProgressControl";

export interface ChapterCardData {
  slug: string;
  title: string;
  summary: string;
  readingMinutes: number;
  labs: string[];
}

export function ChapterCards({ chapters }: { chapters: ChapterCardData[] }) {
  if (chapters.length === 0) {
    return <p className="home-empty">No chapters yet. Add a file to content/ (npm run new:chapter -- &quot;Title&quot;).</p>;
  }
  return (
    <ol className="chapter-cards">
      {chapters.map((chapter, i) => (
        <li key={chapter.slug} className="chapter-card">
          <span className="chapter-card-number" aria-hidden="true">
            {i + 1}
          </span>
          <h3>
            <Link href={`/chapters/${chapter.slug}`}>{chapter.title}</Link>
          </h3>
          <ProgressBadge slug={chapter.slug} />
          <p>{chapter.summary}</p>
          <p className="chapter-card-meta">
            <span>{chapter.readingMinutes} min read</span>
            {chapter.labs.length > 0 ? (
              <span>
                Labs:{" "}
                {chapter.labs.map((lab) => (
                  <span key={lab} className="lab-pill">
                    {lab}
                  </span>
                ))}
              </span>
            ) : null}
          </p>
        </li>
      ))}
    </ol>
  );
}

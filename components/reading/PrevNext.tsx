import Link from "next/link";
import { ArrowLeft, ArrowRight } from "lucide-react";

export interface ChapterRef {
  slug: string;
  title: string;
}

export function PrevNext({ prev, next }: { prev: ChapterRef | null; next: ChapterRef | null }) {
  if (!prev && !next) return null;
  return (
    <nav className="prev-next" aria-label="Previous and next chapter">
      {prev ? (
        <Link href={`/chapters/${prev.slug}`} rel="prev" className="prev-next-link is-prev">
          <span className="prev-next-dir">
            <ArrowLeft aria-hidden="true" size={14} /> Previous
          </span>
          <span className="prev-next-title">{prev.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={`/chapters/${next.slug}`} rel="next" className="prev-next-link is-next">
          <span className="prev-next-dir">
            Next <ArrowRight aria-hidden="true" size={14} />
          </span>
          <span className="prev-next-title">{next.title}</span>
        </Link>
      ) : null}
    </nav>
  );
}

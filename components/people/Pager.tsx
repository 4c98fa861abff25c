/** "Page 2 of 3" with previous/next links that keep the rest of the URL (`?page=` only). */
import Link from "next/link";
import type { PageInfo } from "@/lib/people/paging";

export function Pager({ info, path, label }: { info: PageInfo; path: string; label: string }) {
  if (info.pages <= 1) return null;
  const href = (page: number) => (page === 1 ? path : `${path}?page=${page}`);
  return (
    <nav className="pager" aria-label={label} data-testid="pager">
      {info.page > 1 ? <Link href={href(info.page - 1)}>← Previous</Link> : <span className="muted">← Previous</span>}{" "}
      <span>
        Page {info.page} of {info.pages} ({info.total})
      </span>{" "}
      {info.page < info.pages ? <Link href={href(info.page + 1)}>Next →</Link> : <span className="muted">Next →</span>}
    </nav>
  );
}

import type { TocHeading } from "./toc-types";

/** On narrow screens the side TOC is hidden; this folded list replaces it above the text. */
export function MobileToc({ headings }: { headings: TocHeading[] }) {
  if (headings.length === 0) return null;
  const minDepth = Math.min(...headings.map((h) => h.depth));
  return (
    <details className="mobile-toc">
      <summary>On this page</summary>
      <ol>
        {headings.map((h) => (
          <li key={h.id} style={{ "--toc-indent": Math.min(h.depth - minDepth, 5) } as React.CSSProperties}>
            <a href={`#${h.id}`}>{h.text}</a>
          </li>
        ))}
      </ol>
    </details>
  );
}

"use client";

import { useEffect, useRef, useState } from "react";
import type { TocHeading } from "./toc-types";

// A heading counts as "the section in view" once its top passes this line (px from the top).
const ACTIVE_LINE = 120;

/** "On this page": highlights the section being read (IntersectionObserver, plus a per-frame re-check on scroll and resize). */
export function TableOfContents({ headings }: { headings: TocHeading[] }) {
  const [activeId, setActiveId] = useState<string | null>(headings[0]?.id ?? null);
  const listRef = useRef<HTMLOListElement>(null);
  const minDepth = Math.min(...headings.map((h) => h.depth));

  useEffect(() => {
    const elements = headings
      .map((h) => document.getElementById(h.id))
      .filter((el): el is HTMLElement => el !== null);
    if (elements.length === 0) return;
    // Observers only tell us *that* a heading crossed the line; which section is current is
    // then the last heading above it.
    const pickActive = () => {
      let current = elements[0];
      for (const el of elements) {
        if (el.getBoundingClientRect().top <= ACTIVE_LINE) current = el;
        else break;
      }
      const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      setActiveId((atBottom ? elements.at(-1) : current)?.id ?? null);
    };
    const observer = new IntersectionObserver(pickActive, {
      rootMargin: `-${ACTIVE_LINE}px 0px 0px 0px`,
      threshold: [0, 1],
    });
    elements.forEach((el) => observer.observe(el));
    // A long jump (search result, anchor) can move a heading from below the line to above it
    // without it ever intersecting, and diagrams rendering late shift everything: re-check
    // on scroll and on resize too, at most once per frame.
    let frame = 0;
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(pickActive);
    };
    const resizes = new ResizeObserver(schedule);
    resizes.observe(document.body);
    window.addEventListener("scroll", schedule, { passive: true });
    pickActive();
    return () => {
      observer.disconnect();
      resizes.disconnect();
      window.removeEventListener("scroll", schedule);
      cancelAnimationFrame(frame);
    };
  }, [headings]);

  useEffect(() => {
    // Keep the highlighted entry visible inside the TOC's own scroll box (not the page).
    const list = listRef.current;
    const item = list?.querySelector<HTMLElement>('[aria-current="location"]');
    const box = list?.parentElement;
    if (!item || !box) return;
    const top = item.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 40) {
      box.scrollTop = top - box.clientHeight / 3;
    }
  }, [activeId]);

  if (headings.length === 0) return null;
  return (
    <nav className="toc" aria-label="On this page">
      <p className="toc-title">On this page</p>
      <div className="toc-scroll">
        <ol ref={listRef}>
          {headings.map((h) => (
            <li key={h.id} style={{ "--toc-indent": Math.min(h.depth - minDepth, 5) } as React.CSSProperties}>
              <a
                href={`#${h.id}`}
                aria-current={h.id === activeId ? "location" : undefined}
                className={h.id === activeId ? "is-active" : undefined}
              >
                {h.text}
              </a>
            </li>
          ))}
        </ol>
      </div>
    </nav>
  );
}

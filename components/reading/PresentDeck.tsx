"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { ChevronLeft, ChevronRight, X } from "lucide-react";
import { slideIndexFromParam, splitIntoSlides, type SlideInfo } from "./slides";

const NEXT_KEYS = new Set(["ArrowRight", "PageDown", " ", "ArrowDown"]);
const PREV_KEYS = new Set(["ArrowLeft", "PageUp", "ArrowUp"]);

/**
 * Present mode: the server-rendered chapter, shown one heading-section at a time. Slides are
 * marked on the existing DOM (data-active) rather than re-rendered, so diagrams and math stay
 * exactly as on the page.
 */
export function PresentDeck({
  slug,
  title,
  summary,
  children,
}: {
  slug: string;
  title: string;
  summary: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const contentRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const [slides, setSlides] = useState<SlideInfo[]>([]);
  const [index, setIndex] = useState(0);

  useEffect(() => {
    if (!contentRef.current) return;
    const found = splitIntoSlides(contentRef.current);
    const start = slideIndexFromParam(new URLSearchParams(window.location.search).get("slide"), found.length);
    setSlides(found);
    setIndex(start);
  }, []);

  useEffect(() => {
    slides.forEach((slide, i) =>
      slide.elements.forEach((el) => el.toggleAttribute("data-active", i === index)),
    );
    if (slides.length === 0) return;
    const url = new URL(window.location.href);
    url.searchParams.set("slide", String(index + 1));
    window.history.replaceState(window.history.state, "", url);
    stageRef.current?.scrollTo({ top: 0 });
  }, [slides, index]);

  const go = useCallback(
    (delta: number) => setIndex((i) => Math.max(0, Math.min(slides.length - 1, i + delta))),
    [slides.length],
  );

  const exit = useCallback(() => {
    const headingId = slides[index]?.headingId;
    router.push(`/chapters/${slug}${headingId ? `#${headingId}` : ""}`);
  }, [router, slides, index, slug]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.querySelector("dialog[open]")) return; // search is open
      if (event.key === "Escape") exit();
      else if (event.key === " " && event.shiftKey) go(-1);
      else if (NEXT_KEYS.has(event.key)) go(1);
      else if (PREV_KEYS.has(event.key)) go(-1);
      else if (event.key === "Home") setIndex(0);
      else if (event.key === "End") setIndex(Math.max(0, slides.length - 1));
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go, exit, slides.length]);

  const count = Math.max(slides.length, 1);
  return (
    <div className="present" data-ready={slides.length > 0} role="region" aria-roledescription="slide deck" aria-label={`${title} — presentation`}>
      <div className="present-stage" ref={stageRef}>
        <div
          className="present-slide"
          role="group"
          aria-roledescription="slide"
          aria-label={`Slide ${index + 1} of ${count}`}
        >
          {index === 0 ? (
            <header className="present-title">
              <h1>{title}</h1>
              <p>{summary}</p>
            </header>
          ) : null}
          <div ref={contentRef} className={`prose present-content${slides.length ? " is-split" : ""}`}>
            {children}
          </div>
        </div>
      </div>
      <div className="present-bar">
        <button type="button" className="icon-button" onClick={exit} aria-label="Exit presentation (Esc)">
          <X aria-hidden="true" size={18} />
        </button>
        <div className="present-progress" aria-hidden="true">
          <span style={{ width: `${((index + 1) / count) * 100}%` }} />
        </div>
        <button type="button" className="icon-button" onClick={() => go(-1)} disabled={index === 0} aria-label="Previous slide">
          <ChevronLeft aria-hidden="true" size={18} />
        </button>
        <span className="present-count" aria-live="polite" data-testid="slide-count">
          {index + 1} / {count}
        </span>
        <button
          type="button"
          className="icon-button"
          onClick={() => go(1)}
          disabled={index >= count - 1}
          aria-label="Next slide"
        >
          <ChevronRight aria-hidden="true" size={18} />
        </button>
      </div>
    </div>
  );
}

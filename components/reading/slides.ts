/**
 * Splits a rendered chapter into slides at its headings (pure DOM logic, no React).
 * A heading starts a new slide unless the current slide holds only headings so far, so a
 * section title followed directly by a sub-heading stays on one slide instead of two thin ones.
 */
export interface SlideInfo {
  /** Id of the first heading on the slide, for "Esc returns to this section". */
  headingId: string | null;
  elements: Element[];
}

const HEADING = /^H[1-6]$/;

export function splitIntoSlides(container: Element): SlideInfo[] {
  const slides: SlideInfo[] = [{ headingId: null, elements: [] }];
  let onlyHeadings = true; // slide 0 is the title slide: its first heading starts slide 1
  for (const element of Array.from(container.children)) {
    const isHeading = HEADING.test(element.tagName);
    let current = slides[slides.length - 1]!;
    if (isHeading && (!onlyHeadings || slides.length === 1)) {
      current = { headingId: null, elements: [] };
      slides.push(current);
      onlyHeadings = true;
    }
    if (isHeading) current.headingId ??= element.id || null;
    else onlyHeadings = false;
    current.elements.push(element);
  }
  return slides;
}

/** Clamps a requested 1-based slide number from the URL to a valid 0-based index. */
export function slideIndexFromParam(param: string | null, count: number): number {
  const n = Number.parseInt(param ?? "1", 10);
  if (!Number.isFinite(n) || n < 1) return 0;
  return Math.min(n, count) - 1;
}

import { cache } from "react";
import { getChapter, listChapters } from "@/lib/content";

/**
 * One compile-and-check per chapter per request: generateMetadata and the page both ask
 * for the chapter, and React's cache() makes the second call free.
 */
export const loadChapter = cache(getChapter);
export const loadChapterList = cache(listChapters);

/**
 * Chapter routes are rendered on their first request and then cached like static pages
 * (ISR), not prerendered by `next build`: compiling and checking every chapter inside the
 * build's 60 s page timeout failed on a loaded 2-core machine. `npm run content:check`
 * still fails on a broken chapter before anything is served.
 */
export function onDemandStaticParams(): { slug: string }[] {
  return [];
}

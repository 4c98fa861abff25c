import { cache } from "react";
import { getChapter, listChapters } from "@/lib/content";

/**
 * One compile-and-check per chapter per request: generateMetadata and the page both ask
 * for the chapter, and React's cache() makes the second call free.
 */
export const loadChapter = cache(getChapter);
export const loadChapterList = cache(listChapters);

/**
 * Every visible chapter is prerendered by `next build` (page, present view and `.md` route).
 * The build hook (lib/content/build-hook.mjs) has already checked content/ and compiled each
 * chapter into `.cache/content/`, so a page here costs a cache read and a React render.
 * A chapter added after the build still renders on its first request (dynamicParams).
 */
export async function chapterStaticParams(): Promise<{ slug: string }[]> {
  return (await listChapters()).map((chapter) => ({ slug: chapter.slug }));
}

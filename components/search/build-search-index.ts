import MiniSearch from "minisearch";
import { searchDocuments } from "@/lib/content";
import { searchIndexOptions, type SearchEntry } from "./search-options";

const EXCERPT_CHARS = 220;

function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= EXCERPT_CHARS ? flat : `${flat.slice(0, EXCERPT_CHARS).trimEnd()}…`;
}

/** Builds the MiniSearch index over every section of every chapter (run at build time). */
export async function buildSearchIndex(): Promise<MiniSearch<SearchEntry>> {
  const entries: SearchEntry[] = (await searchDocuments()).map((doc) => ({
    id: doc.id,
    chapterTitle: doc.chapterTitle,
    heading: doc.heading,
    url: doc.headingId ? `/chapters/${doc.chapter}#${doc.headingId}` : `/chapters/${doc.chapter}`,
    excerpt: excerptOf(doc.text),
    text: doc.text,
  }));
  const index = new MiniSearch<SearchEntry>(searchIndexOptions);
  index.addAll(entries);
  return index;
}

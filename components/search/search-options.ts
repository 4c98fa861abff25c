import type { Options, SearchOptions } from "minisearch";

/** One searchable section of a chapter, as stored in the static index. */
export interface SearchEntry {
  id: string;
  chapterTitle: string;
  heading: string;
  url: string;
  excerpt: string;
  text: string;
}

export type StoredSearchEntry = Omit<SearchEntry, "text">;

/** Shared by the build-time indexer and the browser: MiniSearch.loadJSON needs the same options. */
export const searchIndexOptions: Options<SearchEntry> = {
  idField: "id",
  fields: ["heading", "chapterTitle", "text"],
  storeFields: ["chapterTitle", "heading", "url", "excerpt"],
};

export const searchQueryOptions: SearchOptions = {
  boost: { heading: 3, chapterTitle: 1.5 },
  prefix: true,
  fuzzy: 0.2,
  combineWith: "AND",
};

export const SEARCH_INDEX_URL = "/search-index.json";

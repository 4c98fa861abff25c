import type MiniSearch from "minisearch";
import {
  SEARCH_INDEX_URL,
  searchIndexOptions,
  type SearchEntry,
} from "./search-options";

let pending: Promise<MiniSearch<SearchEntry>> | null = null;

/**
 * Fetches the static index and MiniSearch itself on first use only, so neither weighs on a
 * chapter's first load. Concurrent callers share one download.
 */
export function loadSearchIndex(): Promise<MiniSearch<SearchEntry>> {
  pending ??= (async () => {
    const [{ default: MiniSearchClass }, response] = await Promise.all([
      import("minisearch"),
      fetch(SEARCH_INDEX_URL),
    ]);
    if (!response.ok) throw new Error(`Search index failed to load (HTTP ${response.status})`);
    return MiniSearchClass.loadJSON<SearchEntry>(await response.text(), searchIndexOptions);
  })();
  pending.catch(() => {
    pending = null; // let the next open retry
  });
  return pending;
}

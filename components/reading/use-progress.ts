"use client";

import { useSyncExternalStore } from "react";
import { localProgressStore, type ChapterProgressState, type ProgressStore } from "./progress-store";

/** Progress of one chapter; "unread" during server rendering (storage lives in the browser). */
export function useChapterProgress(
  slug: string,
  store: ProgressStore = localProgressStore,
): ChapterProgressState {
  return useSyncExternalStore(
    store.subscribe,
    () => store.get(slug),
    () => "unread",
  );
}

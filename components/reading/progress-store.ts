/**
 * Per-chapter reading progress. The UI talks only to the ProgressStore interface; today it
 * is backed by localStorage, a later issue swaps in a store that syncs with the database.
 */
export type ChapterProgressState = "unread" | "reading" | "done";

export interface ProgressStore {
  get(slug: string): ChapterProgressState;
  set(slug: string, state: ChapterProgressState): void;
  /** Calls back after any change (also from other tabs); returns an unsubscribe function. */
  subscribe(onChange: () => void): () => void;
}

const STORAGE_KEY = "faultline-progress";
const CHANGE_EVENT = "faultline:progress";

function readAll(): Record<string, ChapterProgressState> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, ChapterProgressState>) : {};
  } catch {
    return {};
  }
}

export const localProgressStore: ProgressStore = {
  get(slug) {
    const state = readAll()[slug];
    return state === "reading" || state === "done" ? state : "unread";
  },
  set(slug, state) {
    const all = readAll();
    if (state === "unread") delete all[slug];
    else all[slug] = state;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
    } catch {
      // Storage full or disabled: progress is kept for this page view only.
    }
    window.dispatchEvent(new Event(CHANGE_EVENT));
    // Signed-in readers also keep it in their account (dashboard, instructors); for anonymous
    // readers the server answers 401 and the browser copy is all there is.
    if (state === "done") void fetch(`/api/progress/chapters/${encodeURIComponent(slug)}`, { method: "POST", credentials: "same-origin" }).catch(() => undefined);
  },
  subscribe(onChange) {
    const onStorage = (event: StorageEvent) => {
      if (event.key === STORAGE_KEY) onChange();
    };
    window.addEventListener(CHANGE_EVENT, onChange);
    window.addEventListener("storage", onStorage);
    return () => {
      window.removeEventListener(CHANGE_EVENT, onChange);
      window.removeEventListener("storage", onStorage);
    };
  },
};

"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Search } from "lucide-react";
import { loadSearchIndex } from "./load-search-index";
import { searchQueryOptions, type StoredSearchEntry } from "./search-options";

const MAX_RESULTS = 12;

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Full-text search over every chapter; opens with "/" or Ctrl-K (⌘K). */
export function SearchDialog() {
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const launcherRef = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<StoredSearchEntry[]>([]);
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<"idle" | "loading" | "ready" | "error">("idle");

  const open = useCallback(() => {
    const dialog = dialogRef.current;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    inputRef.current?.select();
    setStatus((s) => (s === "ready" ? s : "loading"));
    loadSearchIndex().then(
      () => setStatus("ready"),
      () => setStatus("error"),
    );
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey;
      if (ctrlK || (slash && !isTypingTarget(event.target))) {
        event.preventDefault();
        open();
      }
    };
    window.addEventListener("keydown", onKey);
    // Advertise the shortcuts only once they work: before hydration a "/" is simply lost, and
    // this attribute is how a reader's assistive tech (and our browser tests) can tell.
    const launcher = launcherRef.current;
    launcher?.setAttribute("aria-keyshortcuts", "/ Control+K");
    return () => {
      window.removeEventListener("keydown", onKey);
      launcher?.removeAttribute("aria-keyshortcuts");
    };
  }, [open]);

  useEffect(() => {
    if (status !== "ready") return;
    let cancelled = false;
    const trimmed = query.trim();
    loadSearchIndex().then((index) => {
      if (cancelled) return;
      const hits = trimmed ? index.search(trimmed, searchQueryOptions).slice(0, MAX_RESULTS) : [];
      setResults(hits.map((hit) => hit as unknown as StoredSearchEntry));
      setActive(0);
    });
    return () => {
      cancelled = true;
    };
  }, [query, status]);

  const go = (entry: StoredSearchEntry | undefined) => {
    if (!entry) return;
    dialogRef.current?.close();
    router.push(entry.url);
  };

  const onInputKey = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, results.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === "Escape") {
      // A search input's own Escape only clears the text; close the dialog instead.
      event.preventDefault();
      dialogRef.current?.close();
    } else if (event.key === "Enter") {
      event.preventDefault();
      go(results[active]);
    }
  };

  const optionId = (i: number) => `${listId}-option-${i}`;

  return (
    <>
      <button ref={launcherRef} type="button" className="search-launcher" onClick={open}>
        <Search aria-hidden="true" size={15} />
        <span>Search</span>
        <kbd>/</kbd>
      </button>
      <dialog
        ref={dialogRef}
        className="search-dialog"
        aria-label="Search the course"
        onClick={(event) => {
          if (event.target === dialogRef.current) dialogRef.current.close(); // backdrop click
        }}
      >
        <div className="search-box">
          <Search aria-hidden="true" size={18} />
          <input
            ref={inputRef}
            type="search"
            role="combobox"
            aria-label="Search chapters"
            aria-expanded={results.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={results.length > 0 ? optionId(active) : undefined}
            placeholder="Search chapters…"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onInputKey}
          />
          <kbd>Esc</kbd>
        </div>
        <ul id={listId} role="listbox" aria-label="Search results" className="search-results">
          {results.map((entry, i) => (
            <li
              key={entry.url + i}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className="search-result"
              onMouseEnter={() => setActive(i)}
              onClick={() => go(entry)}
            >
              <span className="search-result-heading">{entry.heading}</span>
              <span className="search-result-chapter">{entry.chapterTitle}</span>
              <span className="search-result-excerpt">{entry.excerpt}</span>
            </li>
          ))}
        </ul>
        <p className="search-status" role="status">
          {status === "loading" && "Loading the index…"}
          {status === "error" && "The search index could not be loaded. Reload the page and try again."}
          {status === "ready" && query.trim() !== "" && results.length === 0 && `No results for “${query.trim()}”.`}
          {status === "ready" && results.length > 0 && `${results.length} result${results.length === 1 ? "" : "s"}`}
        </p>
      </dialog>
    </>
  );
}

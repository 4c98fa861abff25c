"use client";

import { useEffect } from "react";
import { CheckCircle2, Circle } from "lucide-react";
import { localProgressStore } from "./progress-store";
import { useChapterProgress } from "./use-progress";

/** Marks the chapter "reading" on first visit and lets the reader mark it done (or undo). */
export function ProgressControl({ slug }: { slug: string }) {
  const state = useChapterProgress(slug);

  useEffect(() => {
    if (localProgressStore.get(slug) === "unread") localProgressStore.set(slug, "reading");
  }, [slug]);

  const done = state === "done";
  return (
    <button
      type="button"
      className={`progress-control${done ? " is-done" : ""}`}
      aria-pressed={done}
      onClick={() => localProgressStore.set(slug, done ? "reading" : "done")}
    >
      {done ? <CheckCircle2 aria-hidden="true" size={16} /> : <Circle aria-hidden="true" size={16} />}
      {done ? "Completed" : "Mark as completed"}
    </button>
  );
}

/** A small status dot for chapter lists (sidebar, home page). */
export function ProgressBadge({ slug }: { slug: string }) {
  const state = useChapterProgress(slug);
  const label = state === "done" ? "Completed" : state === "reading" ? "In progress" : "Not started";
  return <span className={`progress-badge progress-${state}`} role="img" aria-label={label} title={label} />;
}

"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Dev only (the page renders it under `next dev`): re-renders the chapter when its file is
 * saved — the new text, or its authoring problems at their lines — without a manual reload.
 */
export function DevChapterReload() {
  const router = useRouter();
  useEffect(() => {
    const events = new EventSource("/api/dev/content-changes");
    // Marks the page as listening (the dev-reload browser test waits for it before saving).
    events.onopen = () => document.documentElement.setAttribute("data-dev-reload", "watching");
    events.onmessage = (message) => {
      // Any chapter's change can alter this page too (its links, the chapter list): refresh on any.
      if (message.data) router.refresh();
    };
    return () => {
      events.close();
      document.documentElement.removeAttribute("data-dev-reload");
    };
  }, [router]);
  return null;
}

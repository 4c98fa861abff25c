"use client";

import { Check, FileText } from "lucide-react";
import { useCopyFeedback } from "./use-copy-feedback";

/** Copies the chapter's source (from the `.md` route) — handy for pasting into notes or an LLM. */
export function CopyMarkdownButton({ slug }: { slug: string }) {
  const { copied, copy } = useCopyFeedback();
  return (
    <button
      type="button"
      className="chip-button"
      onClick={() => {
        // The promise goes straight to the clipboard so Safari keeps the user-gesture.
        const source = fetch(`/chapters/${slug}.md`).then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return response.text();
        });
        void copy(source);
      }}
    >
      {copied === "ok" ? <Check aria-hidden="true" size={14} /> : <FileText aria-hidden="true" size={14} />}
      <span aria-live="polite">
        {copied === "ok" ? "Markdown copied" : copied === "failed" ? "Copy failed" : "Copy page as Markdown"}
      </span>
    </button>
  );
}

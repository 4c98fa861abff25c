"use client";

import { Link2 } from "lucide-react";
import { useCopyFeedback } from "./use-copy-feedback";

/** Copies the absolute URL of a heading to the clipboard. */
export function CopyLinkButton({ id, label }: { id: string; label: string }) {
  const { copied, copy } = useCopyFeedback();
  return (
    <button
      type="button"
      className="heading-copy"
      aria-label={`Copy link to section: ${label}`}
      onClick={() => copy(`${window.location.origin}${window.location.pathname}#${id}`)}
    >
      <Link2 aria-hidden="true" size={14} />
      <span className="heading-copy-status" aria-live="polite">
        {copied === "ok" ? "Link copied" : copied === "failed" ? "Copy failed" : ""}
      </span>
    </button>
  );
}

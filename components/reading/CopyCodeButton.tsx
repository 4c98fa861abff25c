"use client";

import { useRef } from "react";
import { Check, Copy } from "lucide-react";
import { useCopyFeedback } from "./use-copy-feedback";

/** Copies the text of the code block it sits in (read from the DOM, so nothing is duplicated in the payload). */
export function CopyCodeButton() {
  const ref = useRef<HTMLButtonElement>(null);
  const { copied, copy } = useCopyFeedback();
  return (
    <button
      ref={ref}
      type="button"
      className="code-copy"
      aria-label={copied === "ok" ? "Copied" : "Copy code"}
      onClick={() => {
        const code = ref.current?.closest(".code-block")?.querySelector("pre code, pre");
        void copy((code?.textContent ?? "").replace(/\n$/, ""));
      }}
    >
      {copied === "ok" ? <Check aria-hidden="true" size={14} /> : <Copy aria-hidden="true" size={14} />}
      <span aria-live="polite">{copied === "ok" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy"}</span>
    </button>
  );
}

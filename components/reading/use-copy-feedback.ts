"use client";

import { useCallback, useEffect, useRef, useState } from "react";

const FEEDBACK_MS = 2000;

/** Writes text to the clipboard and exposes a short-lived "copied"/"failed" state for the UI. */
export function useCopyFeedback() {
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = useCallback(async (text: string | Promise<string>) => {
    try {
      await navigator.clipboard.writeText(await text);
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied(null), FEEDBACK_MS);
  }, []);

  return { copied, copy };
}

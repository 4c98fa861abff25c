"use client";
/**
 * The replay's scrubber: a labelled slider over the run's time. Every view below shows the
 * run as it was at the chosen moment (arrow keys step 50 ms, Page Up/Down 500 ms, Home/End).
 */
import { useId } from "react";

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function RunScrubber({ at, end, onChange }: { at: number; end: number; onChange: (t: number) => void }) {
  const id = useId();
  const max = Math.max(1, Math.ceil(end));
  return (
    <div className="lab-scrubber" data-testid="run-scrubber" data-scrub-t={Math.round(at)} data-end-t={max}>
      <label htmlFor={id}>Moment shown</label>
      <input
        id={id}
        type="range"
        min={0}
        max={max}
        step={10}
        value={Math.round(at)}
        aria-valuetext={`${seconds(at)} of ${seconds(max)}`}
        onChange={(e) => onChange(Number(e.target.value))}
        onKeyDown={(e) => {
          const step = e.key === "PageUp" ? 500 : e.key === "PageDown" ? -500 : e.key === "ArrowRight" || e.key === "ArrowUp" ? 50 : e.key === "ArrowLeft" || e.key === "ArrowDown" ? -50 : 0;
          if (!step) return;
          e.preventDefault();
          onChange(Math.min(max, Math.max(0, Math.round(at) + step)));
        }}
      />
      <output htmlFor={id} aria-live="off">
        {seconds(at)} / {seconds(max)}
      </output>
      <button type="button" onClick={() => onChange(max)} disabled={at >= max}>
        End
      </button>
    </div>
  );
}

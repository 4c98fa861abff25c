"use client";
/**
 * One time cursor for a run's views: hovering a moment on any chart, the fault timeline, the
 * state timeline or the history shows that moment on all of them. Charts also sync among
 * themselves through uPlot's cursor sync (`syncKey`); the rest read this context.
 */
import { createContext, useCallback, useContext, useId, useMemo, useState, type MouseEvent, type ReactNode } from "react";

/** Every time panel leaves this much room on the left for its labels (uPlot's y axis too), so time lines up. */
export const GUTTER_PX = 96;
/** …and this much on the right (room for the last time label). */
export const PAD_RIGHT_PX = 20;

export interface TimeCursorState {
  /** ms since the run started; null when nothing is hovered. */
  t: number | null;
  /** Who moved it: `chart:<id>` for a chart (uPlot already synced the others), else a panel name. */
  source: string | null;
}

interface TimeCursorValue {
  cursor: TimeCursorState;
  setCursor: (t: number | null, source: string) => void;
  syncKey: string;
  /** The time axis every panel draws: 0 to this, ms. */
  domainEnd: number;
}

const NONE: TimeCursorValue = { cursor: { t: null, source: null }, setCursor: () => {}, syncKey: "none", domainEnd: 0 };
const Context = createContext<TimeCursorValue>(NONE);

export function TimeCursorProvider({ domainEnd, children }: { domainEnd: number; children: ReactNode }) {
  const syncKey = `run-${useId()}`;
  const [cursor, set] = useState<TimeCursorState>({ t: null, source: null });
  const setCursor = useCallback((t: number | null, source: string) => set((old) => (old.t === t && old.source === source ? old : { t, source })), []);
  const value = useMemo(() => ({ cursor, setCursor, syncKey, domainEnd: Math.max(1, domainEnd) }), [cursor, setCursor, syncKey, domainEnd]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export const useTimeCursor = () => useContext(Context);

/** The fraction of the track (right of the gutter) at time t. */
export const trackFraction = (t: number, domainEnd: number) => Math.min(1, Math.max(0, t / Math.max(1, domainEnd)));

/** CSS left of time t inside a panel laid out with the gutter. */
export const trackLeft = (t: number, domainEnd: number) => `calc(${GUTTER_PX}px + (100% - ${GUTTER_PX + PAD_RIGHT_PX}px) * ${trackFraction(t, domainEnd)})`;

/** Mouse handlers for a gutter-laid-out panel: the hovered time goes to the shared cursor. */
export function useTrackHover(source: string) {
  const { setCursor, domainEnd } = useTimeCursor();
  return useMemo(
    () => ({
      onMouseMove(e: MouseEvent<HTMLElement>) {
        const box = e.currentTarget.getBoundingClientRect();
        const x = e.clientX - box.left - GUTTER_PX;
        const width = box.width - GUTTER_PX - PAD_RIGHT_PX;
        setCursor(x < 0 || width <= 0 ? null : Math.round(Math.min(1, x / width) * domainEnd), source);
      },
      onMouseLeave() {
        setCursor(null, source);
      },
    }),
    [setCursor, domainEnd, source],
  );
}

/** The shared cursor as a vertical line over a gutter-laid-out panel (position: relative). */
export function CursorLine() {
  const { cursor, domainEnd } = useTimeCursor();
  if (cursor.t === null) return null;
  return <span className="lab-cursor-line" aria-hidden="true" style={{ left: trackLeft(cursor.t, domainEnd) }} />;
}

/**
 * The state timeline's model: one lane per subject the replica map does not draw (a
 * circuit breaker, an HTTP service), its states as segments over the run. Pure.
 */
import type { StateEntry } from "./run-model";

export interface StateSegment {
  state: string;
  start: number;
  /** null: still in this state at the moment shown. */
  end: number | null;
}

export interface StateLane {
  subject: string;
  segments: StateSegment[];
  /** The state at the moment shown. */
  current: string;
}

/** Consecutive reports of the same state are one segment. */
export function stateLanes(stateLog: Record<string, readonly StateEntry[]>, skip: (subject: string) => boolean = () => false): StateLane[] {
  const lanes: StateLane[] = [];
  for (const subject of Object.keys(stateLog).sort()) {
    const entries = stateLog[subject] ?? [];
    if (skip(subject) || entries.length === 0) continue;
    const segments: StateSegment[] = [];
    for (const e of entries) {
      const open = segments.at(-1);
      if (open && open.state === e.state) continue;
      if (open) open.end = e.t;
      segments.push({ state: e.state, start: e.t, end: null });
    }
    lanes.push({ subject, segments, current: segments.at(-1)!.state });
  }
  return lanes;
}

/** Words that mean healthy / broken / in between, so a lane's colours read the same in every lab. */
const TONES: Record<string, "good" | "bad" | "between" | "off"> = {
  closed: "good",
  up: "good",
  ok: "good",
  open: "bad",
  down: "bad",
  "half-open": "between",
  paused: "between",
  degraded: "between",
  stopped: "off",
};

export function stateTone(state: string): "good" | "bad" | "between" | "off" | "other" {
  return TONES[state.toLowerCase()] ?? "other";
}

"use client";
/**
 * Every non-node subject's state over the run (a circuit breaker's closed / open / half-open,
 * a service's up / down), one lane each, the state written on its segment: words, not colour
 * alone. Node and link states are the replica map's.
 */
import type { StateLane } from "./state-lanes";
import { stateTone } from "./state-lanes";
import { CursorLine, trackFraction, useTimeCursor, useTrackHover } from "./TimeCursor";

const pct = (f: number) => `${(f * 100).toFixed(3)}%`;

/** `endT`: the moment shown (the last segment reaches it). */
export function StateTimeline({ lanes, endT }: { lanes: StateLane[]; endT: number }) {
  const { domainEnd, cursor } = useTimeCursor();
  const hover = useTrackHover("states");
  if (lanes.length === 0) return null;
  const at = (t: number) => trackFraction(t, domainEnd);
  const stateAtCursor = (lane: StateLane) => (cursor.t === null ? null : ([...lane.segments].reverse().find((s) => s.start <= cursor.t!)?.state ?? null));
  return (
    <figure className="lab-panel" aria-label="State timeline" data-testid="state-timeline" data-cursor-t={cursor.t ?? ""}>
      <figcaption>State over time</figcaption>
      <ul className="lab-fault-rows lab-track-panel" {...hover}>
        {lanes.map((lane) => {
          const hovered = stateAtCursor(lane);
          return (
            <li key={lane.subject} className="lab-fault-row" data-testid="state-lane" data-subject={lane.subject} data-state={lane.current} data-segments={lane.segments.length}>
              <span className="lab-fault-name" title={lane.subject}>
                {lane.subject}
              </span>
              <span className="lab-track lab-state-track" aria-label={`${lane.subject}: ${lane.segments.map((s) => `${s.state} from ${(s.start / 1000).toFixed(2)} s`).join(", ")}; now ${lane.current}${hovered ? `; at the cursor ${hovered}` : ""}`}>
                {lane.segments.map((s, i) => {
                  const left = at(s.start);
                  const width = Math.max(0, at(s.end ?? endT) - left);
                  return (
                    <span key={i} className={`lab-state-seg is-${stateTone(s.state)}`} style={{ left: pct(left), width: pct(width) }} title={`${s.state}: ${Math.round(s.start)}–${s.end === null ? "…" : Math.round(s.end)} ms`}>
                      <span className="lab-state-word">{s.state}</span>
                    </span>
                  );
                })}
              </span>
            </li>
          );
        })}
        <CursorLine />
      </ul>
    </figure>
  );
}

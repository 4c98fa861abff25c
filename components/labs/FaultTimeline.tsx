"use client";
/** Faults as bars on the run's time axis: when each started and stopped, under the shared cursor. */
import type { FaultSpan } from "./run-model";
import { CursorLine, trackFraction, useTimeCursor, useTrackHover } from "./TimeCursor";

const pct = (f: number) => `${(f * 100).toFixed(3)}%`;

/** `endT`: the moment shown (a still-active fault reaches it). */
export function FaultTimeline({ faults, endT }: { faults: FaultSpan[]; endT: number }) {
  const { domainEnd, cursor } = useTimeCursor();
  const hover = useTrackHover("faults");
  const at = (t: number) => trackFraction(t, domainEnd);
  return (
    <figure className="lab-panel" aria-label="Fault timeline" data-testid="lab-faults" data-count={faults.length} data-cursor-t={cursor.t ?? ""}>
      <figcaption>Faults</figcaption>
      {faults.length === 0 ? <p className="lab-empty">No faults injected yet.</p> : null}
      {faults.length > 0 ? (
        <ul className="lab-fault-rows lab-track-panel" {...hover}>
          {faults.map((f, i) => (
            <li key={i} className="lab-fault-row">
              <span className="lab-fault-name" title={`${f.fault}${f.target ? ` → ${f.target}` : ""}`}>
                {f.fault}
                {f.target ? ` → ${f.target}` : ""}
              </span>
              <span className="lab-track">
                <span
                  className={`lab-fault-bar${f.end === null ? " is-active" : ""}`}
                  style={{ left: pct(at(f.start)), width: `calc(${pct(at(f.end ?? endT) - at(f.start))} + 2px)` }}
                  title={`${f.fault} ${Math.round(f.start)}–${f.end === null ? "…" : Math.round(f.end)} ms`}
                />
              </span>
            </li>
          ))}
          <CursorLine />
        </ul>
      ) : null}
    </figure>
  );
}

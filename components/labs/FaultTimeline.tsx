"use client";
/**
 * Faults on the run's time axis, one row per fault and target (a fault injected eleven times
 * is one row of eleven bars), under the shared cursor.
 */
import type { FaultSpan } from "./run-model";
import { CursorLine, trackFraction, useTimeCursor, useTrackHover } from "./TimeCursor";

const pct = (f: number) => `${(f * 100).toFixed(3)}%`;
const nameOf = (f: FaultSpan) => `${f.fault}${f.target ? ` → ${f.target}` : ""}`;

/** Spans grouped by fault and target, rows in the order they first started. */
export function faultRows(faults: readonly FaultSpan[]): { name: string; spans: FaultSpan[] }[] {
  const rows = new Map<string, FaultSpan[]>();
  for (const f of faults) rows.set(nameOf(f), [...(rows.get(nameOf(f)) ?? []), f]);
  return [...rows].map(([name, spans]) => ({ name, spans }));
}

/** `endT`: the moment shown (a still-active fault reaches it). */
export function FaultTimeline({ faults, endT }: { faults: FaultSpan[]; endT: number }) {
  const { domainEnd, cursor } = useTimeCursor();
  const hover = useTrackHover("faults");
  const at = (t: number) => trackFraction(t, domainEnd > 0 ? domainEnd : endT);
  const rows = faultRows(faults);
  return (
    <figure className="lab-panel" aria-label="Fault timeline" data-testid="lab-faults" data-count={faults.length} data-cursor-t={cursor.t ?? ""}>
      <figcaption>Faults</figcaption>
      {faults.length === 0 ? <p className="lab-empty">No faults injected yet.</p> : null}
      {faults.length > 0 ? (
        <ul className="lab-fault-rows lab-track-panel" {...hover}>
          {rows.map((row) => (
            <li key={row.name} className="lab-fault-row" data-fault={row.name} data-spans={row.spans.length}>
              <span className="lab-fault-name" title={row.name}>
                {row.name}
              </span>
              <span className="lab-track">
                {row.spans.map((f, i) => (
                  <span
                    key={i}
                    className={`lab-fault-bar${f.end === null ? " is-active" : ""}`}
                    style={{ left: pct(at(f.start)), width: `calc(${pct(at(f.end ?? endT) - at(f.start))} + 2px)` }}
                    title={`${row.name} ${Math.round(f.start)}–${f.end === null ? "…" : Math.round(f.end)} ms`}
                  />
                ))}
              </span>
            </li>
          ))}
          <CursorLine />
        </ul>
      ) : null}
    </figure>
  );
}

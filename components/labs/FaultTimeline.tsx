/** Faults as bars on the run's time axis: when each started and stopped. */
import type { FaultSpan } from "./run-model";

export function FaultTimeline({ faults, endT }: { faults: FaultSpan[]; endT: number }) {
  const span = Math.max(endT, 1);
  const pct = (t: number) => `${Math.min(100, (t / span) * 100)}%`;
  return (
    <figure className="lab-panel" aria-label="Fault timeline" data-testid="lab-faults" data-count={faults.length}>
      <figcaption>Faults</figcaption>
      {faults.length === 0 ? <p className="lab-empty">No faults injected yet.</p> : null}
      <ul className="lab-fault-rows">
        {faults.map((f, i) => (
          <li key={i} className="lab-fault-row">
            <span className="lab-fault-name">
              {f.fault}
              {f.target ? ` → ${f.target}` : ""}
            </span>
            <span className="lab-track">
              <span
                className={`lab-fault-bar${f.end === null ? " is-active" : ""}`}
                style={{ left: pct(f.start), width: `calc(${pct((f.end ?? endT) - f.start)} + 2px)` }}
                title={`${f.fault} ${Math.round(f.start)}–${f.end === null ? "…" : Math.round(f.end)} ms`}
              />
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

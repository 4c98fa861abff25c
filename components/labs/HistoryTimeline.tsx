/**
 * Operations per process as bars from invoke to completion, in the spirit of Porcupine's
 * visualisation: overlapping bars are concurrent operations; the checker's witness is
 * highlighted. Only the most recent ops are drawn, so long runs stay light.
 */
import type { OpBar } from "./run-model";

const MAX_BARS = 400;
const LANE = 22;

function describe(op: OpBar): string {
  const v = op.value === undefined ? "" : ` ${JSON.stringify(op.value)}`;
  const end = op.end === null ? "…" : `${Math.round(op.end)}`;
  return `process ${op.process}: ${op.f}${op.key ? `(${op.key})` : ""}${v} → ${op.outcome}, ${Math.round(op.start)}–${end} ms`;
}

export function HistoryTimeline({ ops, endT, witness }: { ops: OpBar[]; endT: number; witness?: OpBar }) {
  const shown = ops.length > MAX_BARS ? ops.slice(-MAX_BARS) : ops;
  if (witness && !shown.includes(witness)) shown.unshift(witness);
  const processes = [...new Set(shown.map((o) => o.process))].sort((a, b) => a - b);
  const from = shown.length ? Math.min(...shown.map((o) => o.start)) : 0;
  const span = Math.max(endT - from, 1);
  const x = (t: number) => ((t - from) / span) * 1000;
  return (
    <figure className="lab-panel" aria-label="History of operations" data-testid="lab-history" data-count={ops.length}>
      <figcaption>
        History: {ops.length} operations{ops.length > shown.length ? ` (latest ${MAX_BARS} shown)` : ""}
        {witness ? <span className="lab-witness-note"> — the highlighted operation is the checker&apos;s witness: {describe(witness)}</span> : null}
      </figcaption>
      {ops.length === 0 ? <p className="lab-empty">No operations yet.</p> : null}
      {processes.length > 0 ? (
        <svg className="lab-history" viewBox={`0 0 1040 ${processes.length * LANE + 4}`} preserveAspectRatio="none" role="img" aria-label={`${ops.length} operations across ${processes.length} processes`}>
          {processes.map((p, lane) => (
            <text key={`l${p}`} x={0} y={lane * LANE + 15} className="lab-history-label">
              p{p}
            </text>
          ))}
          {shown.map((op) => {
            const lane = processes.indexOf(op.process);
            const x1 = 36 + x(op.start);
            const w = Math.max(2, x(op.end ?? endT) - x(op.start));
            const isWitness = op === witness;
            return (
              <rect key={op.index} x={x1} y={lane * LANE + 4} width={w} height={LANE - 8} rx={3} className={`lab-op is-${op.outcome}${isWitness ? " is-witness" : ""}`} data-witness={isWitness || undefined}>
                <title>{describe(op)}</title>
              </rect>
            );
          })}
        </svg>
      ) : null}
    </figure>
  );
}

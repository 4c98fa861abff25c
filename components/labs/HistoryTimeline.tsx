/**
 * Operations per process as bars from invoke to completion, in the spirit of Porcupine's
 * visualisation: overlapping bars are concurrent operations. The grade's witness (the op its
 * diagnosis is about) is highlighted, the ops it names (e.g. the write a stale read missed)
 * more softly. Only the most recent ops are drawn, so long runs stay light.
 */
import { describeOp } from "@/lib/checkers/witness-op";
import type { GradeWitness } from "@/lib/labs/types";
import type { OpBar, WitnessBars } from "./run-model";

const MAX_BARS = 400;
const LANE = 22;

function describe(op: OpBar): string {
  const v = op.value === undefined ? "" : ` ${JSON.stringify(op.value)}`;
  const end = op.end === null ? "…" : `${Math.round(op.end)}`;
  return `operation ${op.index}, process ${op.process}: ${op.f}${op.key ? `(${op.key})` : ""}${v} → ${op.outcome}, ${Math.round(op.start)}–${end} ms`;
}

interface Props {
  ops: OpBar[];
  endT: number;
  /** The grade's witness (its wording comes from the grade, the same words as the diagnosis). */
  witness?: GradeWitness | null;
  /** Its bars in this run (run-model `witnessBars`). */
  bars?: WitnessBars;
}

export function HistoryTimeline({ ops, endT, witness, bars = { related: [] } }: Props) {
  const shown = ops.length > MAX_BARS ? ops.slice(-MAX_BARS) : ops;
  // The witness and its related ops are always drawn, even when older than the latest bars.
  const extra = [bars.op, ...bars.related].filter((b): b is OpBar => b !== undefined && !shown.includes(b));
  const drawn = extra.length ? [...extra, ...shown] : shown;
  const related = new Set(bars.related);
  const processes = [...new Set(drawn.map((o) => o.process))].sort((a, b) => a - b);
  const from = drawn.length ? Math.min(...drawn.map((o) => o.start)) : 0;
  const span = Math.max(endT - from, 1);
  const x = (t: number) => ((t - from) / span) * 1000;
  return (
    <figure className="lab-panel" aria-label="History of operations" data-testid="lab-history" data-count={ops.length}>
      <figcaption>
        History: {ops.length} operations{ops.length > shown.length ? ` (latest ${MAX_BARS} shown)` : ""}
        {witness && bars.op ? (
          <span className="lab-witness-note" data-testid="lab-witness-note">
            {" "}
            — highlighted: {describeOp(witness.op)}
            {witness.related?.length ? `; outlined: ${witness.related.map(describeOp).join(", ")}` : ""}
          </span>
        ) : null}
      </figcaption>
      {ops.length === 0 ? <p className="lab-empty">No operations yet.</p> : null}
      {processes.length > 0 ? (
        <svg className="lab-history" viewBox={`0 0 1040 ${processes.length * LANE + 4}`} preserveAspectRatio="none" role="img" aria-label={`${ops.length} operations across ${processes.length} processes`}>
          {processes.map((p, lane) => (
            <text key={`l${p}`} x={0} y={lane * LANE + 15} className="lab-history-label">
              p{p}
            </text>
          ))}
          {drawn.map((op) => {
            const lane = processes.indexOf(op.process);
            const x1 = 36 + x(op.start);
            const w = Math.max(2, x(op.end ?? endT) - x(op.start));
            const isWitness = op === bars.op;
            const isRelated = related.has(op);
            return (
              <rect
                key={op.index}
                x={x1}
                y={lane * LANE + 4}
                width={w}
                height={LANE - 8}
                rx={3}
                className={`lab-op is-${op.outcome}${isWitness ? " is-witness" : ""}${isRelated ? " is-related" : ""}`}
                data-witness={isWitness || undefined}
                data-related={isRelated || undefined}
                data-index={op.index}
              >
                <title>{describe(op)}</title>
              </rect>
            );
          })}
        </svg>
      ) : null}
    </figure>
  );
}

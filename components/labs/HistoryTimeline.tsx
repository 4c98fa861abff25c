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
/** Labelled bars need room for their text, and keep their aspect ratio so it is not stretched. */
const LABELED_LANE = 46;

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
  /** Write each operation on its bar ("write 1", "read → 0"): for a chapter's small example. */
  labels?: boolean;
}

/** "write 1", "read → 0", "read …" (no answer yet). */
function opLabel(op: OpBar): string {
  const value = op.value === undefined ? "" : JSON.stringify(op.value);
  if (op.f === "read") return op.end === null ? "read …" : `read → ${value}`;
  return value ? `${op.f} ${value}` : op.f;
}

export function HistoryTimeline({ ops, endT, witness, bars = { related: [] }, labels = false }: Props) {
  const laneHeight = labels ? LABELED_LANE : LANE;
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
        <svg className="lab-history" viewBox={`0 0 1040 ${processes.length * laneHeight + 4}`} preserveAspectRatio={labels ? "xMinYMin meet" : "none"} role="img" aria-label={`${ops.length} operations across ${processes.length} processes`}>
          {processes.map((p, lane) => (
            <text key={`l${p}`} x={0} y={lane * laneHeight + (labels ? 38 : 15)} className="lab-history-label">
              p{p}
            </text>
          ))}
          {drawn.map((op) => {
            const lane = processes.indexOf(op.process);
            const x1 = 36 + x(op.start);
            const w = Math.max(2, x(op.end ?? endT) - x(op.start));
            const isWitness = op === bars.op;
            const isRelated = related.has(op);
            const bar = (
              <rect
                key={op.index}
                x={x1}
                y={lane * laneHeight + (labels ? 26 : 4)}
                width={w}
                height={labels ? 14 : LANE - 8}
                rx={3}
                className={`lab-op is-${op.outcome}${isWitness ? " is-witness" : ""}${isRelated ? " is-related" : ""}`}
                data-witness={isWitness || undefined}
                data-related={isRelated || undefined}
                data-index={op.index}
              >
                <title>{describe(op)}</title>
              </rect>
            );
            if (!labels) return bar;
            return (
              <g key={op.index}>
                {bar}
                <text x={x1 + 2} y={lane * laneHeight + 20} className="lab-history-op-label">
                  {opLabel(op)}
                </text>
              </g>
            );
          })}
        </svg>
      ) : null}
    </figure>
  );
}

"use client";
/**
 * Operations per process as bars from invoke to completion, in the spirit of Porcupine's
 * visualisation: overlapping bars are concurrent operations. The grade's witness (the op its
 * diagnosis is about) is highlighted, the ops it names (e.g. the write a stale read missed)
 * more softly. Only the most recent ops are drawn, so long runs stay light. In a run view the
 * time axis is the run's (shared cursor, gutter for the process labels) and a click or the
 * arrow keys open an operation's details.
 */
import { useState, type KeyboardEvent, type MouseEvent } from "react";
import { describeOp } from "@/lib/checkers/witness-op";
import type { GradeWitness } from "@/lib/labs/types";
import { OpDetails } from "./OpDetails";
import type { OpBar, WitnessBars } from "./run-model";
import { CursorLine, useTimeCursor, useTrackHover } from "./TimeCursor";

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
  const { domainEnd, cursor } = useTimeCursor();
  const hover = useTrackHover("history");
  const [selected, setSelected] = useState<number | null>(null);
  const laneHeight = labels ? LABELED_LANE : LANE;
  const shown = ops.length > MAX_BARS ? ops.slice(-MAX_BARS) : ops;
  // The witness and its related ops are always drawn, even when older than the latest bars.
  const extra = [bars.op, ...bars.related].filter((b): b is OpBar => b !== undefined && !shown.includes(b));
  const drawn = extra.length ? [...extra, ...shown] : shown;
  const related = new Set(bars.related);
  const processes = [...new Set(drawn.map((o) => o.process))].sort((a, b) => a - b);
  // A chapter's example spans its own ops; a run's history spans the run, like its other panels.
  const runAxis = !labels && domainEnd > 0;
  const from = runAxis ? 0 : drawn.length ? Math.min(...drawn.map((o) => o.start)) : 0;
  const span = Math.max((runAxis ? domainEnd : endT) - from, 1);
  const width = runAxis ? 1000 : 1040;
  const left = runAxis ? 0 : 36;
  const x = (t: number) => ((t - from) / span) * 1000;
  const picked = selected === null ? undefined : ops.find((o) => o.index === selected);

  const pick = (e: MouseEvent<SVGSVGElement>) => {
    const index = (e.target as Element).getAttribute("data-index");
    if (index !== null) setSelected(Number(index));
  };
  // Arrow keys walk the operations in history order; Escape closes the details.
  const walk = (e: KeyboardEvent<SVGSVGElement>) => {
    if (e.key === "Escape") return setSelected(null);
    const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (!step || ops.length === 0) return;
    e.preventDefault();
    const at = picked ? ops.indexOf(picked) : step > 0 ? -1 : ops.length;
    setSelected(ops[Math.min(ops.length - 1, Math.max(0, at + step))]!.index);
  };

  const svg =
    processes.length > 0 ? (
      <svg
        className="lab-history"
        viewBox={`0 0 ${width} ${processes.length * laneHeight + 4}`}
        preserveAspectRatio={labels ? "xMinYMin meet" : "none"}
        style={runAxis ? { height: processes.length * laneHeight + 4 } : undefined}
        role={labels ? "img" : "application"}
        aria-label={`${ops.length} operations across ${processes.length} processes${labels ? "" : ". Click an operation, or use the arrow keys, to see its details."}`}
        tabIndex={labels ? undefined : 0}
        onClick={labels ? undefined : pick}
        onKeyDown={labels ? undefined : walk}
      >
        {runAxis
          ? null
          : processes.map((p, lane) => (
              <text key={`l${p}`} x={0} y={lane * laneHeight + (labels ? 38 : 15)} className="lab-history-label">
                p{p}
              </text>
            ))}
        {drawn.map((op) => {
          const lane = processes.indexOf(op.process);
          const x1 = left + x(op.start);
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
              className={`lab-op is-${op.outcome}${isWitness ? " is-witness" : ""}${isRelated ? " is-related" : ""}${op.index === selected ? " is-selected" : ""}`}
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
    ) : null;

  return (
    <figure className="lab-panel" aria-label="History of operations" data-testid="lab-history" data-count={ops.length} data-cursor-t={cursor.t ?? ""}>
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
      {runAxis && svg ? (
        <div className="lab-track-panel lab-history-panel" {...hover}>
          <ul className="lab-history-lanes" aria-hidden="true">
            {processes.map((p) => (
              <li key={p} style={{ height: laneHeight }}>
                p{p}
              </li>
            ))}
          </ul>
          {svg}
          <CursorLine />
        </div>
      ) : (
        svg
      )}
      {picked ? <OpDetails op={picked} witness={witness} bars={bars} onClose={() => setSelected(null)} /> : null}
    </figure>
  );
}

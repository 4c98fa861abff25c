"use client";
/** One operation of the history, spelled out: who did what, when, how it ended, and whether the grade names it. */
import type { GradeWitness } from "@/lib/labs/types";
import type { OpBar, WitnessBars } from "./run-model";

const ms = (t: number | null) => (t === null ? "not yet" : `${Math.round(t)} ms`);
const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v));

/** Whether the grade's witness names this op, in words. */
export function witnessRole(op: OpBar, bars: WitnessBars, witness?: GradeWitness | null): string {
  if (bars.op === op) return `yes: it is the operation the diagnosis is about (${witness?.kind ?? "witness"})`;
  if (bars.related.includes(op)) return "yes: the diagnosis names it as a related operation";
  return "no";
}

export function OpDetails({ op, witness, bars, onClose }: { op: OpBar; witness?: GradeWitness | null; bars: WitnessBars; onClose: () => void }) {
  const rows: [string, string][] = [
    ["Operation", `#${op.index}`],
    ["Process", `p${op.process}`],
    ["Function", op.f],
    ["Key", op.key ?? "—"],
    ["Value", show(op.value)],
    ["Invoked", ms(op.start)],
    ["Completed", ms(op.end)],
    ["Took", op.end === null ? "still running" : `${Math.round(op.end - op.start)} ms`],
    ["Outcome", `${op.outcome === "info" ? "info (unknown: it may or may not have happened)" : op.outcome}${op.error ? `: ${op.error}` : ""}`],
    ["In the grade's witness", witnessRole(op, bars, witness)],
  ];
  return (
    <section className="lab-op-details" role="region" aria-label={`Operation ${op.index} details`} data-testid="op-details" data-index={op.index} data-outcome={op.outcome}>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}

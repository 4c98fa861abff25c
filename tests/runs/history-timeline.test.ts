/** The timeline highlights the witness's bar and its caption names it in the diagnosis's words. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { HistoryTimeline } from "@/components/labs/HistoryTimeline";
import { applyEvents, emptyModel, witnessBars, type StreamedEvent } from "@/components/labs/run-model";
import { describeOp } from "@/lib/checkers/witness-op";
import type { GradeWitness } from "@/lib/labs/types";

const op = (seq: number, process: number, type: "invoke" | "ok", f: string, value: unknown, time: number): StreamedEvent =>
  ({ seq, kind: "op", t: time, op: { process, type, f, key: "x", value, time } }) as StreamedEvent;

describe("HistoryTimeline", () => {
  it("marks exactly the witness bar and its related bar; the caption uses describeOp like the diagnosis", () => {
    const m = applyEvents(emptyModel(), [
      op(1, 0, "invoke", "write", 2, 0),
      op(2, 0, "ok", "write", 2, 4),
      op(3, 1, "invoke", "read", undefined, 6),
      op(4, 1, "ok", "read", 1, 9),
    ]);
    const witness: GradeWitness = {
      kind: "stale-read",
      op: { index: 2, process: 1, f: "read", key: "x", value: 1, outcome: "ok", callTime: 6, retTime: 9 },
      related: [{ index: 0, process: 0, f: "write", key: "x", value: 2, outcome: "ok", callTime: 0, retTime: 4 }],
    };
    const html = renderToStaticMarkup(createElement(HistoryTimeline, { ops: m.ops, endT: 10, witness, bars: witnessBars(m.ops, witness) }));
    expect(html.match(/data-witness="true"/g)).toHaveLength(1);
    expect(html).toMatch(/class="lab-op is-ok is-witness"[^>]*data-index="2"/);
    expect(html).toMatch(/class="lab-op is-ok is-related"[^>]*data-index="0"/);
    expect(html).toContain(`highlighted: ${describeOp(witness.op)}`.replace(/'/g, "&#x27;"));
    expect(describeOp(witness.op)).toContain("(operation 2");
  });

  it("shows no witness note when the witness is not in this run's history", () => {
    const m = applyEvents(emptyModel(), [op(1, 0, "invoke", "write", 2, 0), op(2, 0, "ok", "write", 2, 4)]);
    const witness: GradeWitness = { kind: "stale-read", op: { index: 7, process: 1, f: "read", value: 1, outcome: "ok" } };
    const html = renderToStaticMarkup(createElement(HistoryTimeline, { ops: m.ops, endT: 10, witness, bars: witnessBars(m.ops, witness) }));
    expect(html).not.toContain("data-witness");
    expect(html).not.toContain("highlighted:");
  });
});

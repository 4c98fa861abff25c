/** The LabRunner's pure parts: the form built from a JSON Schema and the folding of events. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { applyEvents, emptyModel, witnessBars, type StreamedEvent } from "@/components/labs/run-model";
import { findStaleReads } from "@/lib/checkers/stale-reads";
import type { History } from "@/lib/history/types";
import type { GradeWitness } from "@/lib/labs/types";
import { fieldsFor, labelOf, parseNumberList } from "@/components/labs/schema-fields";

describe("fieldsFor", () => {
  it("maps numbers, booleans, enums, number lists, code and schedules to inputs", () => {
    const schema = z.toJSONSchema(
      z.object({
        capacity: z.number().int().min(1).max(100),
        refillPerSecond: z.number().positive(),
        perUser: z.boolean(),
        jitter: z.enum(["full", "equal", "none"]),
        delays: z.array(z.number()),
        code: z.string(),
        schedule: z.array(z.object({ at: z.number(), fault: z.string() })),
        note: z.string().optional(),
      }),
    ) as Record<string, unknown>;
    const fields = fieldsFor(schema);
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ["capacity", "integer"],
      ["refillPerSecond", "number"],
      ["perUser", "boolean"],
      ["jitter", "enum"],
      ["delays", "number-list"],
      ["code", "code"],
      ["schedule", "json"],
      ["note", "text"],
    ]);
    expect(fields[0]).toMatchObject({ label: "Capacity", min: 1, max: 100, required: true });
    expect(fields[1]!.max).toBeUndefined();
    expect(fields[3]!.options).toEqual(["full", "equal", "none"]);
    expect(fields.at(-1)!.required).toBe(false);
  });

  it("labels and number lists read the way a student writes them", () => {
    expect(labelOf("refillPerSecond")).toBe("Refill per second");
    expect(labelOf("max_tokens")).toBe("Max tokens");
    expect(parseNumberList("1, 2.5 3")).toEqual([1, 2.5, 3]);
    expect(parseNumberList("1, two")).toBeNull();
  });
});

describe("applyEvents", () => {
  const events: StreamedEvent[] = [
    { seq: 1, kind: "phase", t: 0, phase: "workload" },
    { seq: 2, kind: "op", t: 1, op: { process: 0, type: "invoke", f: "write", key: "x", value: 1, time: 1 } },
    { seq: 3, kind: "op", t: 2, op: { process: 1, type: "invoke", f: "read", key: "x", time: 2 } },
    { seq: 4, kind: "fault", t: 3, fault: "partition", action: "start", target: "n1" },
    { seq: 5, kind: "op", t: 5, op: { process: 0, type: "ok", f: "write", key: "x", value: 1, time: 5 } },
    { seq: 6, kind: "op", t: 6, op: { process: 1, type: "ok", f: "read", key: "x", value: 0, time: 6 } },
    { seq: 7, kind: "metric", t: 0, counters: { admitted: 3 } },
    { seq: 8, kind: "metric", t: 100, counters: { admitted: 1, rejected: 2 } },
    { seq: 9, kind: "fault", t: 9, fault: "partition", action: "stop", target: "n1" },
  ];

  it("pairs invokes with completions per process, keeps faults as spans and metrics as series", () => {
    const m = applyEvents(emptyModel(), events);
    expect(m.phase).toBe("workload");
    expect(m.ops).toEqual([
      { index: 0, process: 0, f: "write", key: "x", value: 1, start: 1, end: 5, outcome: "ok" },
      { index: 1, process: 1, f: "read", key: "x", value: 0, start: 2, end: 6, outcome: "ok" },
    ]);
    expect(m.faults).toEqual([{ fault: "partition", target: "n1", start: 3, end: 9 }]);
    expect(m.metrics).toEqual({ t: [0, 100], counters: { admitted: [3, 1], rejected: [0, 2] } });
  });

  it("finds a grade witness's bar by its history index (and nothing when the process disagrees)", () => {
    const m = applyEvents(emptyModel(), events);
    const read = { index: 1, process: 1, f: "read", key: "x", value: 0, outcome: "ok" as const };
    const write = { index: 0, process: 0, f: "write", key: "x", value: 1, outcome: "ok" as const };
    const bars = witnessBars(m.ops, { kind: "stale-read", op: read, related: [write] });
    expect(bars.op).toBe(m.ops[1]);
    expect(bars.related).toEqual([m.ops[0]]);
    expect(witnessBars(m.ops, { kind: "stale-read", op: { ...read, process: 0 } }).op).toBeUndefined();
    expect(witnessBars(m.ops, null)).toEqual({ related: [] });
  });
});

describe("a checker's witness on a recorded history picks the right bar", () => {
  // As a lab records it: every invoke and completion in order, times in ms. Process 2's read
  // (history index 6, the 4th bar) returns 1 after process 1's write 2 was acknowledged.
  const history: History = [
    { process: 0, type: "invoke", f: "write", key: "x", value: 1, time: 0 },
    { process: 3, type: "invoke", f: "read", key: "x", time: 1 },
    { process: 0, type: "ok", f: "write", key: "x", value: 1, time: 5 },
    { process: 3, type: "ok", f: "read", key: "x", value: 1, time: 5.5 },
    { process: 1, type: "invoke", f: "write", key: "x", value: 2, time: 6 },
    { process: 1, type: "ok", f: "write", key: "x", value: 2, time: 10 },
    { process: 2, type: "invoke", f: "read", key: "x", time: 12 },
    { process: 2, type: "ok", f: "read", key: "x", value: 1, time: 15 },
  ];

  it("uses the same numbering as the stream: op events only, whatever else is interleaved", () => {
    const stale = findStaleReads(history).staleReads[0]!;
    const witness: GradeWitness = { kind: "stale-read", op: stale.read, related: [stale.newer] };
    expect(witness.op.index).toBe(6);
    // The stream interleaves phases and a metric per completion, as the lab kit sends them.
    let seq = 0;
    const streamed: StreamedEvent[] = [{ seq: ++seq, kind: "phase", t: 0, phase: "workload" }];
    for (const op of history) {
      streamed.push({ seq: ++seq, kind: "op", t: op.time as number, op });
      if (op.type !== "invoke") streamed.push({ seq: ++seq, kind: "metric", t: op.time as number, counters: { [op.type]: 1 } });
    }
    const m = applyEvents(emptyModel(), streamed);
    const bars = witnessBars(m.ops, witness);
    expect(bars.op).toMatchObject({ index: 6, process: 2, f: "read", value: 1, start: 12, end: 15 });
    expect(bars.related).toEqual([expect.objectContaining({ index: 4, process: 1, f: "write", value: 2 })]);
  });
});

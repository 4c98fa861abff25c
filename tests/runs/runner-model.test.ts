/** The LabRunner's pure parts: the form built from a JSON Schema and the folding of events. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { applyEvents, emptyModel, findWitness, witnessBar, type StreamedEvent } from "@/components/labs/run-model";
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

  it("finds the checker's witness in grade details and the bar it points at", () => {
    const m = applyEvents(emptyModel(), events);
    const details = { linearizable: "illegal", witness: { key: "x", blocked: { index: 1, process: 1, f: "read", value: 0, outcome: "ok", callTime: 2 } } };
    const w = findWitness(details);
    expect(w).toEqual({ index: 1, process: 1, callTime: 2 });
    expect(witnessBar(m.ops, w)?.f).toBe("read");
    expect(findWitness({ admitted: 3 })).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import type { History } from "@/lib/history/types";
import { availabilityDuring } from "@/lib/history/fault-windows";
import { describeStaleRead, staleReadsOf } from "./stale-read";

const put = (process: number, key: string, value: string, invoke: number, ok: number, type: "ok" | "info" = "ok"): History => [
  { process, type: "invoke", f: "put", key, value, time: invoke },
  { process, type, f: "put", key, value, time: ok },
];
const get = (process: number, key: string, value: string | null, invoke: number, ok: number, node = "n5"): History => [
  { process, type: "invoke", f: "get", key, time: invoke },
  { process, type: "ok", f: "get", key, value, time: ok, node },
];
const byTime = (h: History) => [...h].sort((a, b) => (a.time ?? 0) - (b.time ?? 0));

describe("describeStaleRead", () => {
  it("names the client, the replica that served the read and the put it missed", () => {
    const history = byTime([...put(0, "x", "a", 0, 10), ...put(1, "x", "b", 20, 30.4), ...get(2, "x", "a", 40, 50)]);
    const [stale, ...rest] = staleReadsOf(history);
    expect(rest).toEqual([]);
    expect(describeStaleRead(stale!)).toBe('client c2 read x at 40 ms and got "a" from replica n5, although put x="b" had been acknowledged at 30.4 ms');
  });

  it("says when the read saw nothing", () => {
    const [stale] = staleReadsOf(byTime([...put(0, "x", "a", 0, 10), ...get(2, "x", null, 40, 50)]));
    expect(describeStaleRead(stale!)).toMatch(/got nothing \(as if the key was never written\)/);
  });
});

describe("availabilityDuring", () => {
  it("counts operations running at some point inside a fault window, per function", () => {
    const history = byTime([
      ...put(0, "x", "a", 0, 10), // done before the fault: not counted
      ...put(1, "x", "b", 90, 120), // started before, finished inside: counted
      ...put(2, "x", "c", 110, 400, "info"),
      ...get(3, "x", "b", 130, 140),
      { process: 4, type: "invoke", f: "get", key: "x", time: 150 },
      { process: 4, type: "fail", f: "get", key: "x", time: 300 },
      ...get(0, "x", "b", 250, 260), // after the window: not counted
    ]);
    const a = availabilityDuring(history, [{ start: 100, end: 200 }]);
    expect(a).toMatchObject({ ops: 4, ok: 2, ratio: 0.5 });
    expect(a.byFunction.put).toEqual({ ops: 2, ok: 1, ratio: 0.5 });
    expect(a.byFunction.get).toEqual({ ops: 2, ok: 1, ratio: 0.5 });
  });

  it("counts an operation that never completed as unavailable, and no operation at all as 0", () => {
    const stuck: History = [{ process: 0, type: "invoke", f: "put", key: "x", value: "a", time: 50 }];
    expect(availabilityDuring(stuck, [{ start: 100, end: 200 }])).toMatchObject({ ops: 1, ok: 0, ratio: 0 });
    expect(availabilityDuring([], [{ start: 100, end: 200 }]).ratio).toBe(0);
    expect(availabilityDuring(stuck, []).ratio).toBe(1);
  });
});

/**
 * The lww-skew grades on runs written out by hand: a pass (and either verdict of the predict
 * task) means something only when the writes after n1's landed inside its clock's lead. On a
 * machine too slow for that, a wall-clock store loses nothing, and would pass.
 */
import { describe, expect, it } from "vitest";
import type { History } from "@/lib/history/types";
import { gradeStore } from "./grade";
import type { StoreRun } from "./scenario";
import { skewWindowMissed } from "./skew-window";

/** Puts of x, each acknowledged 10 ms after it was sent: [process, value, sent at]. */
function run(puts: Array<[number, string, number]>, finalValue: string): StoreRun {
  const history: History = puts.flatMap(([process, value, at]) => [
    { process, type: "invoke" as const, f: "put", key: "x", value, time: at },
    { process, type: "ok" as const, f: "put", key: "x", value, time: at + 10 },
  ]);
  return { history, keys: ["x"], finalReads: { n1: { x: finalValue }, n2: { x: finalValue }, n3: { x: finalValue } }, programErrors: [] };
}

const n1Writes: Array<[number, string, number]> = [
  [0, "x1", 0],
  [0, "x2", 60],
  [0, "x3", 120],
];

describe("the skew window", () => {
  it("grades a run whose later writes came inside n1's lead", () => {
    const inside = run([...n1Writes, [1, "x4", 300], [2, "x5", 500], [1, "x6", 700], [2, "x7", 900]], "x7");
    expect(skewWindowMissed(inside)).toBeNull();
    expect(gradeStore(inside).verdict).toBe("pass");
  });

  it("does not grade one whose later writes came after it: a wall clock would have lost nothing", () => {
    const late = run([...n1Writes, [1, "x4", 300], [2, "x5", 500], [1, "x6", 1_900], [2, "x7", 2_300]], "x7");
    const grade = gradeStore(late);
    expect(grade).toMatchObject({ verdict: "error", errorKind: "overloaded" });
    expect(grade.diagnosis).toMatch(/the write of x through n3 was acknowledged 2190 ms after n1's last write of x was sent/);
  });

  it("still fails a lost write whenever the writes came", () => {
    const lost = run([...n1Writes, [1, "x4", 300], [2, "x5", 500], [1, "x6", 1_900], [2, "x7", 2_300]], "x3");
    expect(gradeStore(lost).verdict).toBe("fail");
  });
});

/** The grade a viewer gets (the SSE `end` event) is cut from the run view in one place. */
import { describe, expect, it } from "vitest";
import type { GradeView } from "@/lib/runs/grade-view";
import { statusOf } from "@/lib/runs/status";
import { gradeView, type RunView } from "@/lib/runs/view";

const run: RunView = {
  id: "r1",
  labId: "quorum",
  taskId: "predict-stale",
  kind: "predict",
  status: "failed",
  seed: 7,
  answer: { stale: true },
  diagnosis: "No read was stale.",
  hint: "Look at R.",
  errorKind: null,
  witness: { kind: "stale-read", op: { index: 3, process: 1, f: "read", key: "x", value: 1, outcome: "ok" } },
  details: { outcome: "no stale read" },
  replayOf: null,
  practice: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  startedAt: null,
  finishedAt: null,
};

describe("gradeView", () => {
  it("is the grade fields only, with a predict task's details for staff alone", () => {
    const staff = gradeView(run, "staff");
    const keys: Array<keyof GradeView> = ["status", "kind", "diagnosis", "hint", "errorKind", "witness", "details", "replayOf", "practice"];
    expect(Object.keys(staff!).sort()).toEqual([...keys].sort());
    expect(staff).toMatchObject({ status: "failed", details: { outcome: "no stale read" }, witness: run.witness });
    expect(gradeView(run, "student")).toMatchObject({ status: "failed", details: null, diagnosis: "No read was stale." });
    expect(gradeView({ ...run, kind: "configure" }, "student")?.details).toEqual({ outcome: "no stale read" });
  });

  it("is null until the run is final", () => {
    expect(gradeView({ ...run, status: "running" }, "staff")).toBeNull();
  });

  it("gets its status from the lab's verdict", () => {
    expect([statusOf({ verdict: "pass", diagnosis: "" }), statusOf({ verdict: "fail", diagnosis: "" }), statusOf({ verdict: "error", diagnosis: "" })]).toEqual(["passed", "failed", "error"]);
  });
});

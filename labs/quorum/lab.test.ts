/**
 * The quorum lab end to end with real replica processes: every stored solution gets the
 * grade its expected.json promises, no replica outlives a run (also when the run is
 * aborted), and a bad schedule is refused in plain words.
 */
import { describe, expect, it } from "vitest";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import { runLabInProcess } from "@/lib/labs";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";
import { formatMs } from "@/lib/checkers/witness-op";
import { itForTaskOf, RUN_ATTEMPTS } from "@/tests/support/load-guarded";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const cases = await solutionCases("quorum");
const itFor = await itForTaskOf("quorum");

function replicaPids(events: LabEvent[]): number[] {
  return events.flatMap((e) => (e.kind === "state" && e.state === "up" && typeof e.detail?.pid === "number" ? [e.detail.pid] : []));
}

describe("quorum lab solutions", () => {
  it("has a reference and at least one wrong solution per task", () => {
    for (const task of ["configure-wr", "stale-read", "predict"]) {
      const names = cases.filter((c) => c.taskId === task).map((c) => c.solution);
      expect(names).toContain("reference");
      expect(names.some((n) => n.startsWith("wrong-"))).toBe(true);
    }
  });

  for (const c of cases) {
    itFor(c.taskId)(`${c.taskId}/${c.solution} is graded as expected, and leaves no process behind`, { timeout: 60_000 * RUN_ATTEMPTS }, async () => {
      const events: LabEvent[] = [];
      const run = await runSolution("quorum", c, 4242, { redisUrl, attempts: RUN_ATTEMPTS, onEvent: (e) => events.push(e) });
      expect(run.mismatch, run.grade.diagnosis).toBeNull();
      // The run streamed a history, metrics and the replica map.
      expect(events.some((e) => e.kind === "op")).toBe(true);
      expect(events.some((e) => e.kind === "metric")).toBe(true);
      const pids = replicaPids(events);
      expect(pids.length).toBeGreaterThanOrEqual(5);
      expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    });
  }
});

describe("quorum lab runs", () => {
  it("grades W + R ≤ N on the stale read it names, and that read is the witness in the recorded history", async () => {
    const ops: Array<Extract<LabEvent, { kind: "op" }>["op"]> = [];
    const grade = await runLabInProcess("quorum", "configure-wr", { w: 2, r: 3 }, {
      seed: 99,
      redisUrl,
      redisPrefix: "faultline-test:quorum-witness:",
      emit: (e) => {
        if (e.kind === "op") ops.push(e.op);
      },
    });
    expect(grade.verdict).toBe("fail");
    expect(grade.witness?.kind).toBe("stale-read");
    const witness = grade.witness!.op;
    const invoke = ops[witness.index];
    expect(invoke).toMatchObject({ type: "invoke", process: witness.process, f: "get", key: witness.key });
    expect(grade.diagnosis).toContain(`client c${witness.process} read ${witness.key} at ${formatMs(witness.callTime!)} ms`);
    expect(grade.witness!.related?.[0]?.f).toBe("put");
  });

  it("kills every replica when the run is aborted mid-workload", async () => {
    const events: LabEvent[] = [];
    const controller = new AbortController();
    const grade = await runLabInProcess("quorum", "configure-wr", { w: 3, r: 3 }, {
      seed: 7,
      redisUrl,
      redisPrefix: "faultline-test:quorum-abort:",
      signal: controller.signal,
      emit: (e) => {
        events.push(e);
        if (e.kind === "fault" && e.action === "start") controller.abort();
      },
    });
    expect(grade.verdict).toBe("error");
    const pids = replicaPids(events);
    expect(pids.length).toBeGreaterThanOrEqual(5);
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
  });

  it("refuses a schedule with unknown targets or faults that outlast the workload, saying which entry", async () => {
    const grade = await runLabInProcess(
      "quorum",
      "stale-read",
      { schedule: [{ at: 100, fault: "partition", target: "n5", duration: 5_000 }] },
      { seed: 1, redisUrl, redisPrefix: "faultline-test:quorum-invalid:" },
    );
    expect(grade).toMatchObject({ verdict: "error", errorKind: "invalid-answer" });
    expect(grade.diagnosis).toMatch(/Fault #1 \(partition on n5 at 100 ms\), duration: the fault would stop at 5100 ms/);
    const unknown = await runLabInProcess("quorum", "stale-read", { schedule: [{ at: 100, fault: "explode", target: "n9" }] }, { seed: 1, redisUrl, redisPrefix: "faultline-test:quorum-invalid:" });
    expect(unknown).toMatchObject({ verdict: "error", errorKind: "invalid-answer" });
    expect(unknown.diagnosis).toMatch(/schedule\.0\.fault/);
    expect(unknown.diagnosis).toMatch(/schedule\.0\.target/);
  });
});

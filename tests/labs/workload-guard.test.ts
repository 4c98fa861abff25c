/**
 * A run whose workload got too little done tests nothing: on 2 cores with six runs at once,
 * crdt-counter's wrong-no-gossip passed on a run where one add was acknowledged. Such a run
 * is an "overloaded" error — never a pass, never a fail — and says what it measured.
 */
import { describe, expect, it } from "vitest";
import { formatRow, runCase } from "@/lib/labs/verify";
import type { Grade, Phase } from "@/lib/labs/types";
import { notExercised, WorkloadTally } from "@/lib/labs/workload-tally";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const minimum = { answered: 3, what: "adds" };

function tallyOf(opTypes: Array<"ok" | "fail" | "info">, phases: Phase[]) {
  const tally = new WorkloadTally();
  tally.observe({ kind: "phase", t: 0, phase: "start-system" });
  tally.observe({ kind: "op", t: 1, op: { process: 0, type: "ok", f: "add" } }); // before the workload: not counted
  tally.observe({ kind: "phase", t: 10, phase: "workload" });
  opTypes.forEach((type, i) => {
    tally.observe({ kind: "op", t: 11 + i, op: { process: 0, type: "invoke", f: "add" } });
    tally.observe({ kind: "op", t: 11 + i, op: { process: 0, type, f: "add" } });
  });
  for (const phase of phases) tally.observe({ kind: "phase", t: 2_010, phase });
  return tally;
}

const passed: Grade = { verdict: "pass", diagnosis: "Every add was counted." };

describe("the workload guard", () => {
  it("withholds a pass and a fail when fewer operations than the task needs got an answer", () => {
    for (const grade of [passed, { verdict: "fail" as const, diagnosis: "n2 lost an add." }]) {
      const judged = tallyOf(["ok", "info", "info", "fail"], ["heal", "check", "grade", "teardown"]).judge(grade, minimum);
      expect(judged).toMatchObject({ verdict: "error", errorKind: "overloaded" });
      expect(judged.diagnosis).toMatch(/2 adds got an answer in the 2\.0 s workload, and the scenario needs at least 3 \(2 timed out;/);
      expect(judged.hint).toMatch(/run it again/);
      // The withheld verdict is not in what the student sees.
      expect(JSON.stringify(judged)).not.toMatch(/Every add was counted|lost an add/);
      expect(judged.details?.workload).toMatchObject({ answered: 2, ok: 1, unknown: 2, ms: 2_000 });
    }
  });

  it("grades as usual at the minimum, and keeps what it measured in the details", () => {
    const judged = tallyOf(["ok", "ok", "fail"], ["heal", "check", "grade"]).judge(passed, minimum);
    expect(judged.verdict).toBe("pass");
    expect(judged.details?.workload).toMatchObject({ answered: 3, ok: 2, unknown: 0 });
  });

  it("leaves alone errors, tasks without a minimum, and failures thrown before the check (a crash is the student's)", () => {
    const timeout: Grade = { verdict: "error", errorKind: "timeout", diagnosis: "too slow" };
    expect(tallyOf([], ["heal", "check"]).judge(timeout, minimum)).toMatchObject({ errorKind: "timeout" });
    expect(tallyOf([], ["heal", "check"]).judge(passed, undefined).verdict).toBe("pass");
    const thrown: Grade = { verdict: "fail", diagnosis: "your handle threw" };
    expect(tallyOf(["ok"], ["teardown"]).judge(thrown, minimum).verdict).toBe("fail");
  });

  it("a lab's own not-exercised error (a scripted step that did not happen) keeps its words and gains the CPU pressure", () => {
    const judged = tallyOf(["ok", "ok", "ok"], ["heal", "check"]).judge(notExercised("n3's write never reached the storage"), minimum);
    expect(judged).toMatchObject({ verdict: "error", errorKind: "overloaded" });
    expect(judged.diagnosis).toMatch(/^This run did not exercise its scenario, so it was not graded: n3's write never reached the storage\. Meanwhile (tasks waited for a CPU|load) /);
    expect(judged.details?.workload).toMatchObject({ answered: 3 });
  });

  it("ends a real crdt-counter run whose replicas never answer an add as overloaded, not as a grade", { timeout: 90_000 }, async () => {
    const silent = `
      export function init(node) { return { n: 0 }; }
      export function merge(a, b) { return a; }
      export function handle(state, message) {
        if (message.body.type === "read") return { state, send: [{ dest: message.src, body: { type: "read_ok", value: 0, in_reply_to: message.body.msg_id } }] };
        return { state };
      }
      export function tick(state) { return { state }; }`;
    // Through the verdict-table runner, allowed two runs: an overloaded run is run again, and the row says so.
    const row = await runCase({ labId: "crdt-counter", taskId: "g-counter", source: "table", name: "silent", answer: { code: silent }, expected: { verdict: "fail" } }, 3, { redisUrl, attempts: 2 });
    const { grade } = row;
    expect(grade).toMatchObject({ verdict: "error", errorKind: "overloaded" });
    expect(grade.diagnosis).toMatch(/^This run did not exercise its scenario, so it was not graded: 0 adds got an answer/);
    expect(grade.details?.workload).toMatchObject({ answered: 0, ok: 0 });
    expect(row.runs).toBe(2);
    expect(row.mismatch).not.toBeNull();
    expect(formatRow(row)).toMatch(/\(2 runs: the first 1 overloaded\)/);
  });
});

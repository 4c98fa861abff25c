import { describe, expect, it } from "vitest";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import type { LabEvent } from "@/lib/labs/types";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const cases = await solutionCases("token-bucket");

describe("token-bucket solutions (real Redis)", () => {
  it("has a reference and at least one wrong solution per task", () => {
    for (const task of ["configure", "implement", "atomicity"]) {
      const names = cases.filter((c) => c.taskId === task).map((c) => c.solution);
      expect(names).toContain("reference");
      expect(names.some((n) => n.startsWith("wrong-"))).toBe(true);
    }
  });

  it.each(cases.map((c) => [`${c.taskId}/${c.solution}`, c] as const))(
    "%s grades as expected.json says",
    async (_name, c) => {
      const events: LabEvent[] = [];
      const run = await runSolution("token-bucket", c, 20_261_129, {
        redisUrl,
        onEvent: (e) => events.push(e),
      });
      expect(run.mismatch, run.grade.diagnosis).toBeNull();
      const ops = events.flatMap((e) => (e.kind === "op" ? [e.op] : []));
      // The witness is the op the diagnosis names: its index is that op's invoke in the history.
      const witness = run.grade.witness?.op;
      if (witness) {
        expect(ops[witness.index]).toMatchObject({
          type: "invoke",
          process: witness.process,
          key: witness.key,
          value: witness.value,
        });
        expect(run.grade.diagnosis).toContain(`process ${witness.process}`);
      }
      // A run that went through every phase (not stopped by the student's code) is observable:
      // Jepsen-style acquire ops, 100 ms metric buckets, bucket states.
      if (run.grade.details && "phaseMs" in run.grade.details) {
        expect(ops.filter((o) => o.type === "invoke").length).toBe(
          ops.filter((o) => o.type !== "invoke").length,
        );
        expect(ops.every((o) => o.f === "acquire")).toBe(true);
        const metrics = events.flatMap((e) => (e.kind === "metric" ? [e] : []));
        const admitted = metrics.reduce((n, m) => n + (m.counters.admitted ?? 0), 0);
        expect(admitted).toBe(ops.filter((o) => o.type === "ok").length);
        expect(events.some((e) => e.kind === "state" && e.subject.startsWith("bucket:"))).toBe(
          true,
        );
      }
    },
  );
});

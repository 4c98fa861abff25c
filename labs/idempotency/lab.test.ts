/**
 * The idempotency lab end to end, on the real service and real Postgres: every stored
 * solution gets the grade its expected.json promises, the run streams attempt counters for
 * the live view and the service's crashes and restarts, the witness is the attempt the
 * diagnosis names, and no service process is left. Code that does not load fails before the
 * service starts; hostile handlers end as clear errors.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";
import { itForTaskOf, RUN_ATTEMPTS } from "@/tests/support/load-guarded";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redisPrefix = "faultline-test:idempotency:";
const cases = await solutionCases("idempotency");
const itFor = await itForTaskOf("idempotency");
const servicePids = (events: LabEvent[]) => events.flatMap((e) => (e.kind === "state" && e.subject === "api" && e.state === "up" && typeof e.detail?.pid === "number" ? [e.detail.pid] : []));

describe("idempotency lab solutions (real service, real Postgres)", () => {
  it("has a reference and wrong solutions for implement, and a reference for predict", () => {
    const names = (task: string) => cases.filter((c) => c.taskId === task).map((c) => c.solution);
    expect(names("implement")).toEqual(expect.arrayContaining(["reference", "alt-claim-then-recover", "wrong-key-per-attempt", "wrong-check-then-insert", "wrong-claim-separate-no-recovery"]));
    expect(names("predict")).toContain("reference");
  });

  for (const c of cases) {
    itFor(c.taskId)(`${c.taskId}/${c.solution} is graded as expected, streams its attempts and crashes, and leaves no service process`, { timeout: 90_000 * RUN_ATTEMPTS }, async () => {
      const events: LabEvent[] = [];
      const run = await runSolution("idempotency", c, 4242, { redisUrl, attempts: RUN_ATTEMPTS, prefix: "faultline-test", onEvent: (e) => events.push(e) });
      expect(run.mismatch, run.grade.diagnosis).toBeNull();
      const metrics = events.flatMap((e) => (e.kind === "metric" ? [e.counters] : []));
      expect(metrics.reduce((n, m) => n + (m.attempts ?? 0), 0)).toBeGreaterThan(40);
      expect(events.some((e) => e.kind === "fault" && e.fault === "drop-response")).toBe(true);
      expect(events.filter((e) => e.kind === "state" && e.subject === "api" && e.state === "down").length).toBeGreaterThanOrEqual(1);
      const witness = run.grade.witness?.op;
      if (witness) {
        const ops = events.flatMap((e) => (e.kind === "op" ? [e.op] : []));
        expect(ops[witness.index]).toMatchObject({ type: "invoke", process: witness.process, key: witness.key });
      }
      const pids = servicePids(events);
      expect(pids.length).toBeGreaterThanOrEqual(2);
      expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    });
  }
});

describe("idempotency implement: code that cannot run", () => {
  const run = (code: string, events: LabEvent[] = []) => runLabInProcess("idempotency", "implement", { code }, { seed: 1, redisUrl, redisPrefix, emit: (e) => events.push(e) });
  const key = "export function idempotencyKey(p: any) { return p.orderId; }\n";

  it("a compile error fails in the compiler's words, before the service starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await run("export function handleCharge(request {", events);
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(servicePids(events)).toEqual([]);
  });

  it("a missing idempotencyKey is named", { timeout: 60_000 }, async () => {
    const grade = await run("export function handleCharge(r: any, db: any) { return { status: 500, body: null }; }");
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/idempotencyKey/);
  });

  const stoppedSending = (events: LabEvent[]) => events.some((e) => e.kind === "log" && /clients stop sending/.test(e.message));

  it("a handler whose db calls change between replays fails with the replay rule, after the whole workload", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await run(`${key}export function handleCharge(r: any, db: any) { if (Math.random() < 0.5) db.find(r.idempotencyKey); const c = db.charge(r.account, r.amountCents, r.idempotencyKey); return { status: 201, body: { id: c.chargeId } }; }`, events);
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/must depend only on the request and the db's answers/);
    // A failing handler is graded on what the workload did: the clients keep sending.
    expect(stoppedSending(events)).toBe(false);
  });

  it("a handler that loops forever is a sandbox-limit error, the clients stop at the first, and the run ends", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await run(`${key}export function handleCharge(r: any, db: any) { db.find(r.idempotencyKey); for (;;) {} }`, events);
    expect(grade.verdict).toBe("error");
    expect(grade.errorKind).toBe("sandbox-limit");
    // Every request would hold the service for the time limit: nothing more to learn from them.
    expect(stoppedSending(events)).toBe(true);
    expect(servicePids(events).filter((pid) => isAlive(pid))).toEqual([]);
  });
});

/**
 * A right handler on a slow machine: the server charged once and answered 201, but only after
 * the client's 2.5 s deadline, and the client's retry budget ran out. That must not fail the
 * student (a browser run on a loaded machine did); a key stuck at 409 must still fail.
 */
import { describe, expect, it } from "vitest";
import type { ServerLogEntry } from "@/lib/http-service";
import { gradeImplement } from "./grade-implement";
import { collectOutcomes } from "./outcomes";
import type { PlannedPayment } from "./payments";
import type { AttemptRecord, Submission } from "./submit";

const payment: PlannedPayment = { index: 0, payment: { orderId: "ord-1", account: "acct-ada", amountCents: 250 }, role: { kind: "ordinary" }, lane: "l0", startAtMs: 0 };
const charge = { id: "ch_1", account: "acct-ada", amountCents: 250, idempotencyKey: "order-ord-1", requestId: "p0-s0-a1", createdAt: 100 };

function attempt(n: number, outcome: { status?: number; error?: string }): AttemptRecord {
  const requestId = `p0-s0-a${n}`;
  return { requestId, payment: 0, submission: 0, attempt: n, key: "order-ord-1", process: n, invokeIndex: n * 2, startedAt: n * 3000, endedAt: n * 3000 + 2500, type: outcome.status && outcome.status < 300 ? "ok" : outcome.status === 409 ? "fail" : "info", ...outcome };
}

function serverEntry(requestId: string, status: number, response: unknown): ServerLogEntry {
  return { seq: 1, requestId, method: "POST", path: "/charges", receivedAt: 0, answeredAt: 2600, status, request: {}, response, committed: null, pid: 1 };
}

function grade(attempts: AttemptRecord[], log: ServerLogEntry[]) {
  const submissions: Submission[] = [{ payment: 0, submission: 0, final: "gave-up" }];
  return gradeImplement(collectOutcomes({ plan: [payment], charges: [charge], log, crashes: [], attempts, submissions, history: [], restartError: null }));
}

describe("idempotency grade: a late answer is the machine's, a stuck key the student's", () => {
  it("passes when the server answered 201 after the client's deadline", () => {
    const g = grade([attempt(1, { error: "timeout after 2500 ms" })], [serverEntry("p0-s0-a1", 201, { id: "ch_1" })]);
    expect(g.verdict, g.diagnosis).toBe("pass");
  });

  it("fails when every retry after the first answer got 409 (a stuck key), late answers or not", () => {
    const attempts = [attempt(1, { error: "connection dropped (ECONNRESET)" }), ...[2, 3, 4].map((n) => attempt(n, { status: 409 }))];
    const log = [serverEntry("p0-s0-a1", 201, { id: "ch_1" }), ...[2, 3, 4].map((n) => serverEntry(`p0-s0-a${n}`, 409, { error: "in progress" }))];
    const g = grade(attempts, log);
    expect(g.verdict).toBe("fail");
    expect(g.diagnosis).toContain("never got an answer");
  });
});

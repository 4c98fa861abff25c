/**
 * The student's module, loaded twice: in the lab's process for the client's key choice
 * (idempotencyKey), and in the service's process for handleCharge, with the replay driver
 * appended (lib/sandbox/replay.ts) so `db` works against real Postgres.
 */
import { LEDGER_OPS } from "@/lib/http-service/ledger-types";
import { LabFailure } from "@/lib/labs/errors";
import { boundJson, createSandbox, SandboxCodeError, type Sandbox } from "@/lib/sandbox";
import { REPLAY_EXPORT, replayDriverSource, type ReplaySpec } from "@/lib/sandbox/replay";
import type { Payment } from "./payments";

export const REPLAY_SPEC: ReplaySpec = { entry: "handleCharge", host: { name: "db", methods: [...LEDGER_OPS] }, maxSteps: 40 };
const EXPORTS = ["idempotencyKey", "handleCharge", REPLAY_EXPORT];

export function loadStudentCode(code: string): Promise<Sandbox> {
  return createSandbox(code + replayDriverSource(REPLAY_SPEC), { exports: EXPORTS, callTimeoutMs: 200, totalTimeMs: 10_000 });
}

/** The client's key for one attempt; a wrong return is the student's failure in their words. */
export function keyFor(box: Sandbox, payment: Payment, attempt: number): string {
  const key = box.call("idempotencyKey", payment, attempt);
  if (typeof key !== "string" || key.length === 0 || key.length > 200)
    throw new LabFailure(
      `idempotencyKey must return a non-empty string of at most 200 characters; for ${payment.orderId}, attempt ${attempt}, it returned ${boundJson(key, 200)}.`,
      "Return a string that names the payment.",
    );
  return key;
}

/** handleCharge's return, checked: { status: 200–599, body }. */
export function checkedResponse(value: unknown): { status: number; body: unknown } {
  const v = value as { status?: unknown; body?: unknown } | null;
  if (!v || typeof v !== "object" || !Number.isInteger(v.status) || (v.status as number) < 200 || (v.status as number) > 599)
    throw new SandboxCodeError("result", `handleCharge must return { status, body } with a status from 200 to 599; it returned ${boundJson(value, 300)}.`, undefined, "Return e.g. { status: 201, body: { id: charged.chargeId } }.");
  return { status: v.status as number, body: v.body ?? null };
}

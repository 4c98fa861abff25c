/**
 * The run's payments, drawn from the seed: ordinary ones spread over client lanes, and the
 * special ones every seed has — three whose first request crashes the server (right after its
 * claim, its charge, its commit), four sent twice at once (a double click), two orders with
 * the same account and amount, and one client bug that reuses an earlier order's key with a
 * different amount.
 */
import { createRng } from "@/lib/labs/rng";
import { ACCOUNTS, CRASH_AT_MS, DOUBLE_SUBMIT_AT_MS, LANES, LAST_ORDINARY_START_MS, ORDINARY_PAYMENTS } from "./settings";

export interface Payment {
  orderId: string;
  account: string;
  amountCents: number;
}

export type Role =
  | { kind: "ordinary" }
  | { kind: "crash"; after: "claim" | "charge" | "commit" }
  | { kind: "double-submit" }
  | { kind: "same-body"; twinOf: string | null }
  | { kind: "reuse-source" }
  /** Sent with the key of order `keyOf` (a client bug): must be refused. */
  | { kind: "reused-key"; keyOf: string };

export interface PlannedPayment {
  /** 0, 1, …: names the payment's requests (p<index>-…). */
  index: number;
  payment: Payment;
  role: Role;
  /** The lane that sends it (payments of a lane go one after another), and the earliest start. */
  lane: string;
  startAtMs: number;
}

export function planPayments(seed: number): PlannedPayment[] {
  const rng = createRng(seed).fork("idempotency-payments");
  const plan: PlannedPayment[] = [];
  const used = new Set<string>();
  const fresh = (): Payment => {
    for (;;) {
      const account = ACCOUNTS[rng.int(0, ACCOUNTS.length - 1)]!;
      const amountCents = rng.int(2, 900) * 25;
      if (used.has(`${account}/${amountCents}`)) continue;
      used.add(`${account}/${amountCents}`);
      return { orderId: `ord-${1000 + plan.length}`, account, amountCents };
    }
  };
  const add = (role: Role, lane: string, startAtMs: number, payment = fresh()) => {
    const p = { index: plan.length, payment: { ...payment, orderId: `ord-${1000 + plan.length}` }, role, lane, startAtMs };
    plan.push(p);
    return p;
  };
  for (const after of ["claim", "charge", "commit"] as const) add({ kind: "crash", after }, `crash-${after}`, CRASH_AT_MS[after]);
  for (const [i, at] of DOUBLE_SUBMIT_AT_MS.entries()) add({ kind: "double-submit" }, `double-${i}`, at);
  const source = add({ kind: "reuse-source" }, "reuse", 500);
  const reused = { ...source.payment, amountCents: source.payment.amountCents + 100 };
  used.add(`${reused.account}/${reused.amountCents}`);
  add({ kind: "reused-key", keyOf: source.payment.orderId }, "reuse", 0, reused);
  const first = add({ kind: "same-body", twinOf: null }, "twins", 1_000);
  add({ kind: "same-body", twinOf: first.payment.orderId }, "twins", 2_400, first.payment);
  for (let i = 0; i < ORDINARY_PAYMENTS; i++) add({ kind: "ordinary" }, `lane-${i % LANES}`, Math.floor((i / ORDINARY_PAYMENTS) * LAST_ORDINARY_START_MS));
  return plan;
}

/** What the statement and diagnoses call it: "order ord-1004 (a double click)". */
export function describePayment(p: PlannedPayment): string {
  const what: Record<Role["kind"], string> = {
    ordinary: "",
    crash: p.role.kind === "crash" ? ` (the server crashed right after its first request's ${p.role.after})` : "",
    "double-submit": " (sent twice at once: a double click)",
    "same-body": " (same account and amount as another order)",
    "reuse-source": "",
    "reused-key": p.role.kind === "reused-key" ? ` (a buggy client sent it with order ${p.role.keyOf}'s key and a different amount)` : "",
  };
  return `order ${p.payment.orderId}${what[p.role.kind]}`;
}

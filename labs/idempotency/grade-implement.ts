/**
 * The implement grade, from the ledger and the server's log (not the clients' beliefs), in
 * this order: the student's code ran; no order was charged twice; every order was charged;
 * the reused key was refused; every 2xx a duplicate got named the original charge; every
 * client got its answer. The first broken rule is the diagnosis, with the attempt that shows it.
 */
import { witnessAt } from "@/lib/checkers/witness-op";
import type { Grade } from "@/lib/labs/types";
import { answered2xx, attemptOfCharge, chargeIdIn, type PaymentOutcome, type RunOutcome } from "./outcomes";
import { describePayment } from "./payments";
import { CLIENT_TIMEOUT_MS, LONGEST_REQUEST_MS, RETRY_FOR_MS } from "./settings";
import type { AttemptRecord } from "./submit";

const witness = (run: RunOutcome, kind: string, a: AttemptRecord | undefined, related?: AttemptRecord) =>
  a ? witnessAt(run.history, kind, a.invokeIndex, related?.invokeIndex) : {};

const statuses = (p: PaymentOutcome) => p.attempts.map((a) => (a.status !== undefined ? String(a.status) : "no answer"));

function summarize(list: string[]): string {
  const counts = new Map<string, number>();
  for (const s of list) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => (n > 1 ? `${s} ×${n}` : s)).join(", ");
}

type DoubleCause = "different-key" | "concurrent" | "after-crash" | "after-end";
/** The most instructive cause first: a run may show several, and the diagnosis names one. */
const CAUSE_ORDER: DoubleCause[] = ["different-key", "concurrent", "after-crash", "after-end"];

function doubleCause(p: PaymentOutcome): { cause: DoubleCause; first?: AttemptRecord; second?: AttemptRecord } {
  const [c1, c2] = p.charges as [PaymentOutcome["charges"][0], PaymentOutcome["charges"][0]];
  const first = attemptOfCharge(p, c1);
  const second = attemptOfCharge(p, c2);
  const e1 = first && p.server.get(first.requestId);
  const e2 = second && p.server.get(second.requestId);
  if (first && second && first.key !== second.key) return { cause: "different-key", first, second };
  // Overlapping: the server had both at once, or the client sent the second before the first had ended.
  const overlapped = (e1 && e2 && e2.receivedAt < e1.answeredAt) || (first && second && second.startedAt < first.endedAt);
  if (overlapped) return { cause: "concurrent", first, second };
  return { cause: e1 ? "after-end" : "after-crash", first, second };
}

const CAUSES: Record<DoubleCause, (a1?: AttemptRecord, a2?: AttemptRecord) => { cause: string; hint: string }> = {
  "different-key": (a1, a2) => ({
    cause: `its retry carried a different idempotency key ("${a1?.key}", then "${a2?.key}"), so the server could not tell it was the same payment`,
    hint: "The key must name the payment, not the attempt: every retry of one order sends the same key (built from the order id, never from the attempt number, a clock or a random number).",
  }),
  concurrent: () => ({
    cause: "a duplicate with the same key was charged while the first request was still in progress",
    hint: "Looking the key up and then charging leaves a window in which a concurrent duplicate finds nothing. Claim the key first (the unique index decides who wins: in a transaction a concurrent claim waits), and charge only if you claimed it; a claim still in progress is never taken over.",
  }),
  "after-crash": () => ({
    cause: "a retry with the same key was charged again after the server crashed in the middle of the first request, which had charged but stored no response",
    hint: "Charge and store the response in ONE transaction with the claim: a crash then leaves nothing half done, and the retry starts afresh.",
  }),
  "after-end": () => ({
    cause: "a retry with the same key was charged again after the first request had ended",
    hint: "A retry whose key is known must get the stored response, never a second charge.",
  }),
};

function doubleCharge(run: RunOutcome, p: PaymentOutcome): Grade {
  const { cause: kind, first, second } = doubleCause(p);
  const { cause, hint } = CAUSES[kind](first, second);
  return {
    verdict: "fail",
    diagnosis: `${describePayment(p.planned)} was charged twice (${p.charges[0]!.id} and ${p.charges[1]!.id}): ${cause}.`,
    hint,
    ...witness(run, "charged-twice", second, first),
    details: { charges: p.charges, attempts: p.attempts.length },
  };
}

function neverCharged(run: RunOutcome, p: PaymentOutcome): Grade {
  const last = p.attempts.at(-1);
  const other = answered2xx(p).map((x) => chargeIdIn(x.entry.response)).find((id) => id !== null);
  const owner = other && run.payments.find((q) => q.charges.some((c) => c.id === other));
  const conflicts = p.attempts.filter((a) => a.status === 409).length;
  let cause: string;
  let hint: string;
  if (other) {
    cause = `its requests were answered with ${owner ? `another payment's response (charge ${other} of ${describePayment(owner.planned)})` : `a charge that is not its own (${other})`}: two different payments got the same key`;
    hint = "Build the key from what makes the payment unique (its order id), not from its account and amount: two orders may charge the same amount.";
  } else if (conflicts >= 2) {
    cause = `claimed, never charged: every retry got 409 (${conflicts} of them) — the key is stuck. Its first request claimed the key and the claim was committed on its own; then the server crashed, and nothing ever charged it`;
    hint = `Either claim in the same transaction as the charge (a crash rolls the claim back), or recover: a claim with no response older than the longest request (${LONGEST_REQUEST_MS} ms) was abandoned — take it over (db.takeOver) and charge.`;
  } else {
    cause = `its client got ${summarize(statuses(p)) || "nothing"}`;
    hint = "Every payment the client sends with a new key must be charged once.";
  }
  return { verdict: "fail", diagnosis: `${describePayment(p.planned)} was never charged: ${cause}.`, hint, ...witness(run, "never-charged", last), details: { statuses: statuses(p) } };
}

function reusedKey(run: RunOutcome, p: PaymentOutcome): Grade | null {
  if (p.charges.length > 0) {
    return {
      verdict: "fail",
      diagnosis: `${describePayment(p.planned)} was charged as a new payment: a key that comes back with a different body must be refused (422), not charged.`,
      hint: "Compare the stored fingerprint with the request's: a different one means the client reused a key by mistake.",
      ...witness(run, "reused-key-charged", attemptOfCharge(p, p.charges[0]!)),
    };
  }
  const ok = answered2xx(p)[0];
  if (ok) {
    return {
      verdict: "fail",
      diagnosis: `${describePayment(p.planned)} reused a key with a different amount and got the old response (${JSON.stringify(ok.entry.response).slice(0, 160)}): the client believes its new amount was charged.`,
      hint: "Store a fingerprint of the request with the key and refuse (422) a request whose fingerprint differs.",
      ...witness(run, "reused-key-answered", ok.attempt),
    };
  }
  return null;
}

function notOriginal(run: RunOutcome, p: PaymentOutcome): Grade | null {
  const original = p.charges[0]!.id;
  for (const { attempt, entry } of answered2xx(p)) {
    const id = chargeIdIn(entry.response);
    if (id === original) continue;
    return {
      verdict: "fail",
      diagnosis: `A duplicate request of ${describePayment(p.planned)} got a different response than the original (charge ${original}): ${id ? `it named ${id}` : `its body named no charge id: ${JSON.stringify(entry.response).slice(0, 160)}`}.`,
      hint: "Answer a 2xx with { id: <the charge id>, … }, store that exact response with the key, and give every duplicate the stored response.",
      ...witness(run, "not-original-response", attempt),
    };
  }
  return null;
}

/**
 * The server gave this submission the answer it should have (a 2xx, or a 4xx refusal), but
 * only after the client's deadline: the client timed out waiting and gave up. That is the
 * machine being slow (a loaded 2-core box can take seconds per request), not the student's
 * handler — a stuck key answers 409 or nothing, never a late 2xx — so it counts as answered.
 */
function answeredLate(p: PaymentOutcome, submission: number, expected: "ok" | "refused"): boolean {
  return p.attempts.some((a) => {
    const status = p.server.get(a.requestId)?.status;
    if (a.submission !== submission || !a.error?.startsWith("timeout after") || status === undefined) return false;
    return expected === "ok" ? status >= 200 && status < 300 : status >= 400 && status < 500 && status !== 409;
  });
}

function unanswered(run: RunOutcome, p: PaymentOutcome): Grade | null {
  const expected = p.planned.role.kind === "reused-key" ? "refused" : "ok";
  const wrong = p.submissions.find((s) => s.final !== expected && !(s.final === "gave-up" && answeredLate(p, s.submission, expected)));
  if (!wrong) return null;
  const last = p.attempts.filter((a) => a.submission === wrong.submission).at(-1);
  const saw = summarize(p.attempts.filter((a) => a.submission === wrong.submission).map((a) => (a.status !== undefined ? String(a.status) : "no answer")));
  const diagnosis =
    wrong.final === "gave-up"
      ? `The client of ${describePayment(p.planned)} never got an answer: it retried for ${RETRY_FOR_MS / 1000} s (while the server was up) and saw ${saw}.`
      : expected === "ok"
        ? `${describePayment(p.planned)} was refused (${wrong.status}) though it is a payment of its own: the client saw ${saw}.`
        : `${describePayment(p.planned)} got ${wrong.status}; a reused key with a different body must be refused with 422.`;
  const hint =
    p.charges.length === 1 && wrong.final === "gave-up"
      ? "It was charged, but no response was stored for its key: store the response in the same transaction as the charge, so a crash cannot leave one without the other."
      : "A request with a known key gets the stored response; a concurrent duplicate may get 409 (the client retries); a different body gets 422.";
  const trace = p.attempts.map((a) => ({ id: a.requestId, status: a.status, error: a.error, server: p.server.get(a.requestId)?.status }));
  return { verdict: "fail", diagnosis, hint, ...witness(run, "unanswered", last), details: { attempts: trace, crashes: run.crashes } };
}

/** Situations the run meant to set up: a crash point the code passes through that never fired makes the run ungradable. */
function missedCrash(run: RunOutcome): string | null {
  const used = new Set(run.payments.flatMap((p) => [...p.server.values()].flatMap((e) => (e.db ?? []).filter((s) => s.error === undefined).map((s) => s.op))));
  for (const p of run.payments) {
    if (p.planned.role.kind !== "crash") continue;
    const after = p.planned.role.after;
    if (used.has(after) && !run.crashes.some((c) => c.op === after)) return `the server was meant to crash right after a ${after} of ${p.planned.payment.orderId}, and did not`;
  }
  return null;
}

export function gradeImplement(run: RunOutcome): Grade {
  const details = { crashes: run.crashes.length, attempts: run.payments.reduce((n, p) => n + p.attempts.length, 0), charges: run.payments.reduce((n, p) => n + p.charges.length, 0) };
  if (run.restartError) return { verdict: "error", errorKind: "internal", diagnosis: `The service did not come back after a crash: ${run.restartError.message}`, hint: "Run it again; tell the instructor if it keeps happening." };
  const failed = run.handlerErrors[0];
  if (failed) return { ...failed.entry.handlerError!.grade, ...witness(run, "handler-error", failed.attempt), details };
  const ordered = [...run.payments];
  const rank = (p: PaymentOutcome) => CAUSE_ORDER.indexOf(doubleCause(p).cause);
  const twice = ordered.filter((p) => p.charges.length >= 2).sort((a, b) => rank(a) - rank(b) || a.charges[1]!.createdAt - b.charges[1]!.createdAt)[0];
  if (twice) {
    const g = doubleCharge(run, twice);
    return { ...g, details: { ...details, ...g.details } };
  }
  const never = ordered.find((p) => p.planned.role.kind !== "reused-key" && p.charges.length === 0);
  if (never) return { ...neverCharged(run, never), details };
  for (const p of ordered) {
    const g = p.planned.role.kind === "reused-key" ? reusedKey(run, p) : null;
    if (g) return { ...g, details };
  }
  for (const p of ordered) {
    const g = p.planned.role.kind !== "reused-key" ? notOriginal(run, p) : null;
    if (g) return { ...g, details };
  }
  for (const p of ordered) {
    const g = unanswered(run, p);
    if (g) return { ...g, details: { ...details, ...g.details } };
  }
  const missed = missedCrash(run);
  if (missed) return { verdict: "error", errorKind: "internal", diagnosis: `This run could not be graded: ${missed} (the machine was too slow to set the situation up).`, hint: "Run it again; tell the instructor if it keeps happening.", details };
  const attempts = details.attempts;
  const duplicates = run.payments.reduce((n, p) => n + p.attempts.length - 1, 0);
  return {
    verdict: "pass",
    diagnosis: `Every one of the ${run.payments.length - 1} orders was charged exactly once, through ${attempts} attempts (${duplicates} of them retries or double clicks, with responses dropped and ${run.crashes.length} server crashes); every duplicate that got a 2xx got the original charge, and the reused key was refused. Each client's deadline was ${CLIENT_TIMEOUT_MS} ms.`,
    details,
  };
}

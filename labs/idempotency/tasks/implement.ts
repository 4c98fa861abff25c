/**
 * implement: the client's key choice and the server's idempotency handling, both in the
 * sandbox — handleCharge against real Postgres through `db` (by replay) — graded on the
 * service's own ledger and log (../grade-implement.ts).
 */
import { z } from "zod";
import type { LabTask, RunContext } from "@/lib/labs/types";
import { gradeImplement } from "../grade-implement";
import { runPaymentsScenario } from "../scenario";
import { CLIENT_TIMEOUT_MS, DEDUP_WINDOW, DROP_PROBABILITY, LONGEST_REQUEST_MS, MAX_ATTEMPTS, RETRY_FOR_MS } from "../settings";
import { loadStudentCode } from "../student-code";

export const implementAnswer = z.object({ code: z.string({ error: "code must be the text of your TypeScript" }).min(1, "code is empty: write idempotencyKey and handleCharge") });

const STARTER = `type Payment = { orderId: string; account: string; amountCents: number };
type Request = { account: string; amountCents: number; idempotencyKey: string | null; fingerprint: string };
type Response = { status: number; body: unknown };
type Stored = { fingerprint: string; response: Response | null; claimedAt: number; ageMs: number };
type Db = {
  begin(): void; commit(): void; rollback(): void;
  claim(key: string, fingerprint: string): { claimed: boolean };
  find(key: string): Stored | null;
  charge(account: string, amountCents: number, key: string | null): { chargeId: string; balanceCents: number } | { insufficient: true; balanceCents: number };
  saveResponse(key: string, fingerprint: string, response: Response): void;
  takeOver(key: string, staleAfterMs: number): boolean;
  release(key: string): void;
};

/** Client side: the key sent with this attempt of this payment (attempt = 1, 2, …). */
export function idempotencyKey(payment: Payment, attempt: number): string {
  return \`\${payment.orderId}-\${attempt}\`; // TODO
}

/** Server side: one POST /charges. */
export function handleCharge(request: Request, db: Db): Response {
  const charged = db.charge(request.account, request.amountCents, request.idempotencyKey) as { chargeId: string };
  return { status: 201, body: { id: charged.chargeId } }; // TODO
}
`;

export const implementTask: LabTask = {
  id: "implement",
  kind: "implement",
  title: "Make charges exactly-once with idempotency keys",
  statement: `A payments API keeps its ledger in Postgres. Clients pay orders through a network that drops ${Math.round(DROP_PROBABILITY * 100)}% of responses **after** the server answered, so a client that hears nothing retries (deadline ${CLIENT_TIMEOUT_MS} ms per attempt; after no answer, a 5xx or a 409 it pauses min(100 ms × attempt, 500 ms) and tries again, for up to ${RETRY_FOR_MS / 1000} s of the server being up, or ${MAX_ATTEMPTS} attempts). Write both sides:

\`\`\`ts
idempotencyKey(payment: { orderId, account, amountCents }, attempt: number): string   // the client's key for this attempt
handleCharge(request: { account, amountCents, idempotencyKey, fingerprint }, db): { status, body }   // the server's POST /charges
\`\`\`

\`request.fingerprint\` is a hash of what is charged (account and amount). \`db\` runs real SQL on this request's own connection:

| call | does |
|---|---|
| \`begin()\`, \`commit()\`, \`rollback()\` | a transaction; without one each call commits on its own |
| \`claim(key, fingerprint)\` → \`{ claimed }\` | \`INSERT … ON CONFLICT (key) DO NOTHING\` on the keys table (key is its primary key): \`claimed: false\` if the key exists. If another request has claimed the key in a transaction that is still open, this **waits** until it commits or rolls back |
| \`find(key)\` → \`null \\| { fingerprint, response, claimedAt, ageMs }\` | the key's row as committed; \`response\` is null until one is saved |
| \`charge(account, amountCents, key)\` → \`{ chargeId, balanceCents }\` | one row in the ledger (or \`{ insufficient: true }\`) |
| \`saveResponse(key, fingerprint, response)\` | stores the response with the key (an upsert: never a conflict error) |
| \`takeOver(key, staleAfterMs)\` → \`boolean\` | re-claims a key that has no response and was claimed more than \`staleAfterMs\` ago |
| \`release(key)\` | deletes the key's row |

How \`db\` works: each call really runs in Postgres, and then \`handleCharge\` is **run again from the start** with the answers so far (replayed), until it returns — so it must depend only on the request and \`db\`'s answers (no \`Math.random()\`, \`Date.now()\` or variables kept between calls); a \`db\` call throws only for a database error (e.g. \`commit()\` with no transaction). When \`handleCharge\` returns, a transaction still open is rolled back. A 2xx answer to a charge must be \`{ id: <chargeId>, … }\`.

What the run does, on every seed: about 40 orders from several accounts; four are sent twice at once (a double click); two orders have the same account and amount; one buggy client reuses an earlier order's key with a different amount; and the server process is killed three times — right after one request's \`claim\`, right after another's \`charge\`, right after another's \`commit\` — and restarted at once (its open transactions die with it). No request takes the server longer than ${LONGEST_REQUEST_MS} ms. Stored responses are kept for ${DEDUP_WINDOW} (the dedup window); every retry here comes well inside it.

It passes when, from the ledger and the server's own log: every order is charged **exactly once**; every duplicate that got a 2xx got the **original** response (the same charge id); the reused key with a different amount is refused with **422**; and every client ends with an answer (a concurrent duplicate may get 409 and retry). Before you run:

1. Why must the key not change between attempts, and what should it be built from?
2. Two requests with the same key arrive together. With \`find\` then \`charge\`, what happens? With a claim, who wins, and what does the other get?
3. The server dies right after \`claim\`. If the claim was committed on its own, what do the retries see — and how does keeping claim, charge and response in one transaction (or \`takeOver\`) fix it?`,
  answerSchema: implementAnswer,
  starter: { code: STARTER },
  timeLimitMs: 60_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 15, what: "charge requests" },
};

export async function runImplement(ctx: RunContext, raw: unknown) {
  const { code } = implementAnswer.parse(raw);
  // Load the student's code alone first: a compile error or a missing export is theirs, before any service starts.
  const box = await loadStudentCode(code);
  try {
    return await runPaymentsScenario(ctx, code, box, gradeImplement);
  } finally {
    box.dispose();
  }
}

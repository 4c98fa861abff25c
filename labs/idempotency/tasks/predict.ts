/**
 * predict: the server commits its claim on its own, with no recovery, and crashes right after
 * claiming one order's key. What becomes of that order? The run uses the stored
 * claim-separate-no-recovery handler (with the right client keys) and reads the ledger.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { witnessAt } from "@/lib/checkers/witness-op";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import type { PaymentOutcome, RunOutcome } from "../outcomes";
import { runPaymentsScenario } from "../scenario";
import { loadStudentCode } from "../student-code";

const SEPARATE_CLAIM = readFileSync(new URL("../solutions/implement/wrong-claim-separate-no-recovery.ts", import.meta.url), "utf8");

const OUTCOMES = {
  "charged-twice": "charged twice: the retry charges it again",
  "charged-once": "charged once: a retry finishes the work",
  "never-charged": "never charged: every retry gets 409, the key is stuck",
  refused: "refused: the retry gets 422 as if it were a different payment",
} as const;
type Outcome = keyof typeof OUTCOMES;

export const predictAnswer = z.object({
  outcome: z.enum(Object.keys(OUTCOMES) as [Outcome, ...Outcome[]]).describe("What happens to the order whose server crashed right after claiming its key"),
});

export const predictTask: LabTask = {
  id: "predict",
  kind: "predict",
  title: "Predict: a claim committed on its own, then a crash",
  statement: `This server claims the key **on its own** (the claim commits at once), then charges and stores the response in a transaction:

\`\`\`ts
if (!db.claim(key, fp).claimed) {
  const stored = db.find(key);
  if (stored.fingerprint !== fp) return { status: 422, … };
  if (stored.response !== null) return stored.response;
  return { status: 409, body: { error: "in progress, retry" } };
}
db.begin(); const charged = db.charge(…); db.saveResponse(key, fp, response); db.commit();
\`\`\`

The clients send the same key on every retry. The server process is killed right after it claimed one order's key, and restarted at once; the client retries for 10 s (while the server is up). What happens to that order?

${Object.entries(OUTCOMES).map(([k, v]) => `- \`${k}\`: ${v}`).join("\n")}

Say why before you run: what is in the keys table and in the ledger right after the crash, and what does each retry find?`,
  answerSchema: predictAnswer,
  starter: { outcome: "charged-once" },
  timeLimitMs: 60_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 30, what: "charge requests" },
  verdictTable: () =>
    predictVerdictTable(
      (Object.keys(OUTCOMES) as Outcome[]).map((outcome) => ({ name: outcome, answer: { outcome }, right: outcome === "never-charged", wrongIncludes: "was never charged" })),
    ),
};

function observed(p: PaymentOutcome): Outcome {
  if (p.charges.length >= 2) return "charged-twice";
  if (p.charges.length === 1) return "charged-once";
  return p.attempts.some((a) => a.status === 422) ? "refused" : "never-charged";
}

function gradePredict(run: RunOutcome, predicted: Outcome): Grade {
  const crashed = run.payments.find((p) => p.planned.role.kind === "crash" && p.planned.role.after === "claim");
  const fired = run.crashes.find((c) => c.op === "claim");
  if (!crashed || !fired) return { verdict: "error", errorKind: "internal", diagnosis: "This run could not be graded: the server did not crash after the claim as planned.", hint: "Run it again; tell the instructor if it keeps happening." };
  const what = observed(crashed);
  const conflicts = crashed.attempts.filter((a) => a.status === 409).length;
  const story =
    what === "never-charged"
      ? `Order ${crashed.planned.payment.orderId} was never charged: its claim was committed before the crash, so the keys table kept a claim with no response and the ledger had nothing; each of its ${crashed.attempts.length - 1} retries found that claim and got 409 (${conflicts} times) — the key is stuck.`
      : `Order ${crashed.planned.payment.orderId} was ${OUTCOMES[what]}.`;
  const last = crashed.attempts.at(-1);
  const w = last ? witnessAt(run.history, "crashed-after-claim", last.invokeIndex) : {};
  if (what === predicted) return { verdict: "pass", diagnosis: `Right. ${story} Keeping the claim in the charge's transaction (a crash rolls it back) or taking over a stale claim fixes it.`, ...w, details: { observed: what } };
  return { verdict: "fail", diagnosis: `You predicted "${OUTCOMES[predicted]}". ${story}`, hint: "Nothing rolls back a claim that was already committed, and a retry cannot tell a crashed owner from a slow one unless the server says how long a request may take.", ...w, details: { observed: what } };
}

export async function runPredict(ctx: RunContext, raw: unknown) {
  const { outcome } = predictAnswer.parse(raw);
  const box = await loadStudentCode(SEPARATE_CLAIM);
  try {
    return await runPaymentsScenario(ctx, SEPARATE_CLAIM, box, (run) => gradePredict(run, outcome));
  } finally {
    box.dispose();
  }
}

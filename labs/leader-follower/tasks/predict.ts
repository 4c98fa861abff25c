/**
 * predict: MySQL's defaults, run for real — semi-sync with one ack that falls back after a
 * timeout. n2 is cut off and two writes are confirmed by n3 alone; then n3 is cut off too and
 * three more writes come; the leader dies and the most up-to-date follower is promoted. How
 * many acknowledged writes are lost? The steps are fixed, so the count follows from the
 * fallback and from which follower is promoted, not from luck.
 */
import { z } from "zod";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { capitalized, lostWrites, promotionStory, runDetails, whyAcknowledged, writesNamed } from "../grade";
import { runLeaderScenario, type LeaderRun, type Step } from "../scenario";
import { SEMI_SYNC_TIMEOUT_MS } from "../settings";

const CHOICES = ["0", "2", "3", "5"] as const;
type Choice = (typeof CHOICES)[number];
const RIGHT: Choice = "3";

const answerSchema = z.object({ lost: z.enum(CHOICES).describe("How many acknowledged writes are lost?") });

const STEPS: Step[] = [
  { do: "phase", id: "healthy", label: "all healthy (writes 1–3)" },
  { do: "write", count: 3 },
  { do: "settle" },
  { do: "phase", id: "n2-cut", label: "n1 cut off from n2 (writes 4–5)" },
  { do: "cut", a: "n1", b: "n2" },
  { do: "write", count: 2 },
  { do: "phase", id: "both-cut", label: "n1 cut off from n3 too (writes 6–8)" },
  { do: "cut", a: "n1", b: "n3" },
  { do: "write", count: 3 },
  { do: "failover" },
];

export const predict: LabTask = {
  id: "predict",
  kind: "predict",
  title: "Predict: how many acknowledged writes does the failover lose?",
  statement: `The defaults of MySQL's semi-synchronous replication: the leader \`n1\` acknowledges a write once **one** follower (\`n2\` or \`n3\`) has confirmed it, and if none has within **${SEMI_SYNC_TIMEOUT_MS} ms** it **falls back** to asynchronous replication — it acknowledges anyway, and keeps acknowledging at once until a follower has caught up with its whole log. Not strict.

One client writes, one write at a time:

1. All healthy: writes 1–3; the lab waits until both followers hold them.
2. \`n1\` is cut off from \`n2\`: writes 4 and 5.
3. \`n1\` is cut off from \`n3\` too: writes 6, 7 and 8.
4. Right after the client hears back about write 8, \`n1\` is killed; the network heals and the follower with the **highest log position** is promoted.

**Predict before you run:** how many writes that the client was told "ok" are missing on the new leader? Which follower is promoted, and what would the count be had the other one been promoted instead? What would it be with strict semi-sync?`,
  answerSchema,
  starter: { lost: "0" },
  timeLimitMs: 30_000,
  verdictTable: () => predictVerdictTable(CHOICES.map((lost) => ({ name: lost, answer: { lost }, right: lost === RIGHT, wrongIncludes: `You predicted ${lost}` }))),
};

function gradePredict(run: LeaderRun, prediction: Choice): Grade {
  const details = { ...runDetails(run), prediction };
  const { writes: lost, witness } = lostWrites(run);
  const acked = run.writes.filter((w) => w.outcome === "acknowledged");
  const saw = `${lost.length} of the ${acked.length} acknowledged writes ${lost.length === 1 ? "was" : "were"} lost`;
  const confirmed = run.writes.filter((w) => w.phase === "n2-cut" && w.confirmedBy.length > 0);
  const before = confirmed.length > 0 ? `${capitalized(writesNamed(confirmed))} ${confirmed.length === 1 ? "was" : "were"} confirmed by ${[...new Set(confirmed.flatMap((w) => w.confirmedBy))].join(" and ")} before the client heard "ok". ` : "";
  const why = `${before}${lost.length > 0 ? `Then ${whyAcknowledged(run, lost)}. ` : ""}When the leader died, ${promotionStory(run)}${lost.length > 0 ? `, without ${writesNamed(lost)}` : ""}. Had the other follower been promoted, ${writesNamed(confirmed.length ? confirmed : acked)} would be gone too; strict semi-sync would have refused writes 6–8 instead of acknowledging them.`;
  const shown = witness ? { witness } : {};
  if (String(lost.length) === prediction) return { verdict: "pass", diagnosis: `Right: ${saw}. ${why}`, ...shown, details };
  return { verdict: "fail", diagnosis: `You predicted ${prediction}, but ${saw}. ${why}`, hint: "Follow write 6: who confirmed it when the client was told \"ok\", and what did the leader do after waiting?", ...shown, details };
}

export function runPredict(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { lost } = answerSchema.parse(raw);
  return runLeaderScenario(ctx, { mode: { mode: "semi-sync", syncAcks: 1, strict: false, timeoutMs: SEMI_SYNC_TIMEOUT_MS }, steps: STEPS, grade: (run) => gradePredict(run, lost) });
}

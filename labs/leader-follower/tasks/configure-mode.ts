/**
 * configure-mode: choose the replication mode (and for semi-sync, how many followers must
 * confirm and whether it may fall back) so that a failover loses no acknowledged write, writes
 * stay fast while one follower is slow, and writes are refused only when no follower can
 * confirm them. The steps are fixed and the faults are the lab's, so every answer gets the
 * same verdict on every seed: only semi-sync with one ack, strict, passes.
 */
import { z } from "zod";
import { witnessAt } from "@/lib/checkers/witness-op";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { capitalized, latencyByPhase, lostWrites, promotionStory, runDetails, whyAcknowledged, writesNamed } from "../grade";
import { showLatency } from "../latency";
import { runLeaderScenario, type LeaderRun, type Step, type WriteDone } from "../scenario";
import { CLIENT_TIMEOUT_MS, LATENCY_BUDGET_MS, SEMI_SYNC_TIMEOUT_MS, SLOW_LINK_MS } from "../settings";

const MODES = ["async", "sync", "semi-sync"] as const;
const answerSchema = z.object({
  mode: z.enum(MODES).describe("When does the leader acknowledge a write?"),
  syncAcks: z.union([z.literal(1), z.literal(2)]).describe("Semi-sync: how many followers must confirm a write (1 or 2)"),
  strict: z.boolean().describe("Semi-sync: refuse instead of falling back to asynchronous after the timeout"),
});
type Answer = z.infer<typeof answerSchema>;

/** Writes during which at least one follower could confirm: refusing them is unavailability. */
const MUST_ACK = ["healthy", "slow"];

const STEPS: Step[] = [
  { do: "phase", id: "healthy", label: "all healthy (writes 1–3)" },
  { do: "write", count: 3 },
  { do: "settle" },
  { do: "phase", id: "slow", label: `n3 slow: n1's entries reach it ${SLOW_LINK_MS} ms late (writes 4–6)` },
  { do: "slow", from: "n1", to: "n3" },
  { do: "write", count: 3 },
  { do: "settle" },
  { do: "phase", id: "cut-off", label: "n1 cut off from both followers (writes 7–9)" },
  { do: "cut", a: "n1", b: "n2" },
  { do: "cut", a: "n1", b: "n3" },
  { do: "write", count: 3 },
  { do: "failover" },
];

const statement = `
Three replicas: **\`n1\` is the leader**, \`n2\` and \`n3\` its followers. The leader appends
each client write to its **replication log** at the next **position** (1, 2, 3, …) and ships
the entry to both followers; a follower applies entries in log order and **confirms** the
position it has reached. When the leader tells the client "ok" depends on the mode you choose:

- **async** — as soon as the write is in the leader's own log;
- **sync** — once **every** follower has confirmed it (no timeout: it waits);
- **semi-sync** — once **\`syncAcks\`** followers have confirmed it. If they have not within
  **${SEMI_SYNC_TIMEOUT_MS} ms**, a non-strict leader **falls back** to asynchronous replication: it
  acknowledges the write anyway, and keeps acknowledging at once until enough followers have
  caught up with its whole log (MySQL's \`rpl_semi_sync_source_timeout\`). A **strict** leader
  instead **refuses**: it tells the client the write was not confirmed (the write stays in its
  log and may or may not survive).

\`syncAcks\` and \`strict\` only matter for semi-sync. One client writes \`k1 = v1\`, \`k2 = v2\`, …
one at a time (it gives up on a write after ${CLIENT_TIMEOUT_MS} ms). The run, in order — after
phases 1 and 2 the lab waits until both followers have confirmed everything:

1. **Healthy**: writes 1–3.
2. **n3 slow**: every entry \`n1\` ships to \`n3\` arrives ${SLOW_LINK_MS} ms late. Writes 4–6.
3. **Cut off**: \`n1\` is cut off from both followers (clients still reach it). Writes 7–9.
4. **Failover**: right after the client hears back about write 9, \`n1\` is killed. The network
   heals, the follower with the **highest log position** is promoted to leader, and every write
   is read back from it.

Choose the mode so that

1. **no acknowledged write is lost**: every write the client was told "ok" is on the new leader;
2. **p99 write latency ≤ ${LATENCY_BUDGET_MS} ms** while \`n3\` is slow (phase 2; latency is
   measured by the client until it hears back, "ok" or not);
3. **writes are refused only when no follower can confirm them**: writes 1–6 must be
   acknowledged; writes 7–9 may be refused.

Before you run:

1. In async mode, what does the promoted follower's log hold, and which acknowledged writes are
   not in it?
2. Which modes make write 4 wait for \`n3\`, and how long does that take?
3. During phase 3, what does semi-sync do with write 7 after ${SEMI_SYNC_TIMEOUT_MS} ms — and with
   write 8, which arrives after that? Would the client notice?
`.trim();

const same = (a: Answer, b: Answer) => a.mode === b.mode && a.syncAcks === b.syncAcks && a.strict === b.strict;
const label = (a: Answer) => (a.mode === "semi-sync" ? `semi-sync, ${a.syncAcks} ack${a.syncAcks === 1 ? "" : "s"}, ${a.strict ? "strict" : "may fall back"}` : `${a.mode} (syncAcks=${a.syncAcks}, strict=${a.strict})`);
const RIGHT: Answer = { mode: "semi-sync", syncAcks: 1, strict: true };

/** Every answer, and what theory says of it. */
export function configureVerdicts(): VerdictCase[] {
  return MODES.flatMap((mode) =>
    ([1, 2] as const).flatMap((syncAcks) =>
      [false, true].map((strict): VerdictCase => {
        const answer: Answer = { mode, syncAcks, strict };
        const waitsForN3 = mode === "sync" || (mode === "semi-sync" && syncAcks === 2);
        const losesCutOffWrites = mode === "async" || (mode === "semi-sync" && !strict);
        if (same(answer, RIGHT)) return { name: label(answer), answer, expected: { verdict: "pass" }, why: "n2 confirms at once; with no follower, it refuses" };
        return {
          name: label(answer),
          answer,
          expected: { verdict: "fail", diagnosisIncludes: waitsForN3 ? "p99 write latency" : "acknowledged write" },
          why: waitsForN3 ? `waits ${mode === "sync" ? SLOW_LINK_MS : SEMI_SYNC_TIMEOUT_MS} ms for slow n3` : losesCutOffWrites ? "acknowledges writes 7–9 that only n1 has" : "",
        };
      }),
    ),
  );
}

export const configureMode: LabTask = {
  id: "configure-mode",
  kind: "configure",
  title: "Choose the replication mode",
  statement,
  answerSchema,
  starter: { mode: "async", syncAcks: 1, strict: false },
  timeLimitMs: 40_000,
  verdictTable: configureVerdicts,
};

export function gradeConfigure(run: LeaderRun): Grade {
  const details = runDetails(run);
  const problems: string[] = [];
  const hints: string[] = [];
  if (!run.failover) return { verdict: "fail", diagnosis: "The run ended before the failover.", details };

  const lost = lostWrites(run);
  if (lost.writes.length > 0) {
    const n = lost.writes.length;
    problems.push(`${n} acknowledged write${n === 1 ? " was" : "s were"} lost: ${whyAcknowledged(run, lost.writes)}. Then ${run.failover.crashed} died, ${promotionStory(run)}, and ${writesNamed(lost.writes)} (${lost.writes.map((w) => `${w.key} = ${w.value}`).join(", ")}) are not there.`);
    hints.push("A write is safe from the failover only if a follower holds it before the client hears \"ok\" — and stays safe only if the leader never says \"ok\" without that.");
  }

  const refused = run.writes.filter((w) => MUST_ACK.includes(w.phase) && w.outcome !== "acknowledged");
  if (refused.length > 0) {
    const first = refused[0]!;
    problems.push(`Unavailable while a follower could confirm: ${writesNamed(refused)} ${refused.length === 1 ? "was" : "were"} not acknowledged (${first.key}: ${first.error}), although n2 confirmed each of them within milliseconds.`);
    hints.push("Requiring every follower's confirmation turns one slow follower into refused writes.");
  }

  const slow = latencyByPhase(run).slow;
  const slowest = run.writes.filter((w) => w.phase === "slow").reduce<WriteDone | undefined>((a, b) => (a && a.ms >= b.ms ? a : b), undefined);
  if (slow && slowest && slow.p99 > LATENCY_BUDGET_MS) {
    const gaveUp = slowest.outcome === "refused" ? ` — and was refused when it had not come within ${SEMI_SYNC_TIMEOUT_MS} ms` : slowest.outcome === "timed out" ? ` — and the client gave up after ${CLIENT_TIMEOUT_MS} ms` : "";
    const waited = slowest.fellBack ? `waited ${SEMI_SYNC_TIMEOUT_MS} ms for n3, then fell back` : `waited for n3's confirmation, which n3's slow link delays by ${SLOW_LINK_MS} ms${gaveUp}`;
    problems.push(`While n3 was slow, p99 write latency was ${slow.p99} ms, over the ${LATENCY_BUDGET_MS} ms budget (${showLatency(slow)}): write ${slowest.n} took ${slowest.ms} ms — it ${waited}.`);
    hints.push("A mode that waits for every follower is as slow as the slowest one: how many confirmations does durability really need?");
  }

  if (problems.length === 0) {
    const notAcked = run.writes.filter((w) => w.outcome !== "acknowledged");
    return {
      verdict: "pass",
      diagnosis: `No acknowledged write was lost: ${promotionStory(run)} and holds every write the client was told "ok". While n3 was slow, ${showLatency(slow!)} (budget ${LATENCY_BUDGET_MS} ms).${notAcked.length ? ` ${capitalized(writesNamed(notAcked))} ${notAcked.length === 1 ? "was" : "were"} not acknowledged, while no follower could confirm ${notAcked.length === 1 ? "it" : "them"}.` : ""}`,
      details,
    };
  }
  // The op the first problem names: the first lost write, else the first refused one, else the slowest.
  const witness = lost.witness ? { witness: lost.witness } : refused[0] ? witnessAt(run.history, "refused-write", refused[0].op) : slowest ? witnessAt(run.history, "slow-write", slowest.op) : {};
  return { verdict: "fail", diagnosis: problems.join(" "), hint: hints.join(" "), ...witness, details };
}

export function runConfigureMode(ctx: RunContext, raw: unknown): Promise<Grade> {
  const answer = answerSchema.parse(raw);
  return runLeaderScenario(ctx, { mode: { ...answer, timeoutMs: SEMI_SYNC_TIMEOUT_MS }, steps: STEPS, grade: gradeConfigure });
}

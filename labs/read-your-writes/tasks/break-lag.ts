/**
 * break-lag (break it): the naive client reads from the leader for a while after each write
 * and from the followers after that, with no token. The student picks how far the followers
 * trail the leader; it passes when the run shows a session reading an older profile than it
 * had just written. Every choice lies far from the one threshold (the follower read's delay
 * after the write), so each gets the same verdict on every seed.
 */
import { z } from "zod";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { LEADER_AFTER_WRITE_MS, naiveBalancer } from "../naive-client";
import { profileKey } from "../plan";
import { runSessionScenario, type SessionRun, type Step } from "../scenario";
import { checkSessions } from "../session-check";
import { FOLLOWERS, LEADER } from "../settings";
import { witnessAt } from "@/lib/checkers";

const SESSIONS = ["ana", "ben", "cho"];
/** The pause between a session's two reads: the second one comes this long after its write. */
const FOLLOWER_READ_AFTER_MS = 600;
const LAGS = ["0", "100", "250", "1000", "2500"] as const;

const answerSchema = z.object({ lagMs: z.enum(LAGS).describe("How far both followers trail the leader, in ms") });

const STEPS: Step[] = SESSIONS.flatMap((session): Step[] => [
  { do: "write", session, key: profileKey(session), value: `${session}'s new photo` },
  { do: "read", session, key: profileKey(session) },
  { do: "sleep", ms: FOLLOWER_READ_AFTER_MS },
  { do: "read", session, key: profileKey(session) },
]);

export const breakLag: LabTask = {
  id: "break-lag",
  kind: "break",
  title: "Break it: outlast the leader window",
  statement: `The same leader \`${LEADER}\` and followers ${FOLLOWERS.map((f) => `\`${f}\``).join(", ")}, now with a client that uses a common patch instead of a token: **for ${LEADER_AFTER_WRITE_MS} ms after a session writes, its reads go to the leader**; after that they go to the followers in turn, with no \`minPosition\`, so a follower answers with whatever it has applied.

Three users (${SESSIONS.map((s) => `\`${s}\``).join(", ")}), one after another, each update their profile, read it back at once, wait ${FOLLOWER_READ_AFTER_MS} ms and read it again.

**Your task:** choose how far both followers trail the leader (a latency on the links the leader replicates over) so that the run shows a **read-your-writes violation** — a session reading an older profile than the one it had just written. Before you run: which read can go wrong at all, and how long after its write does it happen? What does that say about "read from the leader for a few seconds after a write" on a day the replicas fall behind?`,
  answerSchema,
  starter: { lagMs: "100" },
  timeLimitMs: 30_000,
  verdictTable: () =>
    LAGS.map((lagMs): VerdictCase => {
      const breaks = Number(lagMs) > FOLLOWER_READ_AFTER_MS;
      return {
        name: `lag ${lagMs} ms`,
        answer: { lagMs },
        expected: breaks ? { verdict: "pass", diagnosisIncludes: "Broken" } : { verdict: "fail", diagnosisIncludes: "No read-your-writes violation" },
        why: breaks ? `the follower read ${FOLLOWER_READ_AFTER_MS} ms after the write comes before the follower has it` : `the followers have each write well before the read ${FOLLOWER_READ_AFTER_MS} ms later`,
      };
    }),
};

function gradeBreak(run: SessionRun, lagMs: number): Grade {
  const { ryw } = checkSessions(run);
  const details = { lagMs, reads: run.reads, rywViolations: ryw.length };
  const first = ryw[0];
  if (first) {
    const { read, write } = first;
    return {
      verdict: "pass",
      diagnosis: `Broken: session ${read.session} wrote "${write.value}" (position ${write.position}); ${FOLLOWER_READ_AFTER_MS} ms later its leader window of ${LEADER_AFTER_WRITE_MS} ms was over, the read went to ${read.node}, which trailed by ${lagMs} ms and had applied only up to position ${read.position}, and it returned ${read.value === null ? "nothing" : `"${read.value}"`}. A window measured in time holds only while the lag stays shorter than it; a token carrying the write's position holds whatever the lag.`,
      ...witnessAt(run.history, "read-your-writes", read.op, write.op),
      details,
    };
  }
  const failed = run.failedReads[0];
  return {
    verdict: "fail",
    diagnosis: failed
      ? `No read-your-writes violation, and a read failed: ${failed.error}.`
      : `No read-your-writes violation: with the followers ${lagMs} ms behind, each had applied a session's write long before its follower read, ${FOLLOWER_READ_AFTER_MS} ms after the write; the reads inside the ${LEADER_AFTER_WRITE_MS} ms window went to the leader.`,
    hint: "Only a read that reaches a follower before the write does can go wrong. When does the first follower read happen after a write?",
    details,
  };
}

export async function runBreakLag(ctx: RunContext, raw: unknown): Promise<Grade> {
  const lagMs = Number(answerSchema.parse(raw).lagMs);
  const lag = Object.fromEntries(FOLLOWERS.map((f) => [f, lagMs]));
  return runSessionScenario(ctx, { lagMs: lag, sessions: SESSIONS, steps: STEPS, balancer: naiveBalancer(ctx.now), grade: (run) => gradeBreak(run, lagMs) });
}

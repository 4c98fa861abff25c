/**
 * The implement grade, in order: did every session read its own writes; did every session's
 * reads never go back in time (monotonic reads); was every read served (a session stuck to a
 * crashed follower is not); and did the followers take their share of the reads.
 */
import { witnessAt } from "@/lib/checkers";
import type { Grade } from "@/lib/labs/types";
import { checkSessions } from "./session-check";
import type { ReadDone, SessionRun } from "./scenario";
import { LEADER, MAX_FAILED_READS, MAX_LEADER_SHARE } from "./settings";

const percent = (x: number) => `${Math.round(x * 100)}%`;
const shown = (value: string | null, version: number) => (value === null ? "nothing (the key was not there yet)" : `"${value}" (position ${version})`);
const asked = (r: { minPosition?: number }) => (r.minPosition === undefined ? "with no minPosition" : `with minPosition ${r.minPosition}`);
const more = (n: number, what: string) => (n > 1 ? ` (${n} ${what} in all.)` : "");

export function gradeSessions(run: SessionRun): Grade {
  const { ryw, monotonic } = checkSessions(run);
  const leaderReads = run.reads.filter((r) => r.node === LEADER).length;
  const details = { reads: run.reads.length, leaderReads, failedReads: run.failedReads, rywViolations: ryw.length, monotonicViolations: monotonic.length, crashes: run.crashes };

  const broken = ryw[0];
  if (broken) {
    const { read, write } = broken;
    const tooLow = read.minPosition !== undefined && read.minPosition < write.position;
    return {
      verdict: "fail",
      diagnosis: `Read-your-writes violated: session ${read.session} wrote ${write.key} = "${write.value}" (log position ${write.position}, acknowledged), then its read of ${read.key} went to ${read.node} ${asked(read)} and returned ${shown(read.value, read.version)} — ${read.node} had applied only up to position ${read.position}.${more(ryw.length, "such reads")}`,
      hint: tooLow
        ? `minPosition ${read.minPosition} let ${read.node} answer before it had applied position ${write.position}, the session's latest write. The token must carry the position of the newest write the session made.`
        : "A follower can be behind the write your session just made, and a load balancer cannot see how far. Keep the position the leader gives each write in the session and send it as minPosition: a follower then waits until it has applied it.",
      ...witnessAt(run.history, "read-your-writes", read.op, write.op),
      details,
    };
  }

  const back = monotonic[0];
  if (back) {
    const { read, earlier } = back;
    return {
      verdict: "fail",
      diagnosis: `Monotonic reads violated: session ${read.session} read ${read.key} = ${shown(earlier.value, earlier.version)} from ${earlier.node}, then read it again from ${read.node} ${asked(read)} and got ${read.value === null ? shown(null, 0) : `the older ${shown(read.value, read.version)}`} — ${read.node} had applied only up to position ${read.position}, so the session saw time go backwards.${more(monotonic.length, "such reads")}`,
      hint: "A read shows the session everything up to the position the node replied with, not only its own writes. Keep the larger of the last write's position and the last read's position in the token.",
      ...witnessAt(run.history, "monotonic-reads", read.op, earlier.op),
      details,
    };
  }

  const failed = run.failedReads[0];
  if (failed) {
    const crashed = run.crashes.find((c) => c.node === failed.node && c.atOp < failed.op);
    return {
      verdict: "fail",
      diagnosis: `Unavailable: session ${failed.session}'s read of ${failed.key} went to ${failed.node} ${asked(failed)} and was not served${crashed ? `: ${failed.node} had crashed, and the list of up nodes routeRead was given no longer had it` : ""} (${failed.error}).${run.failedReads.length >= MAX_FAILED_READS ? ` The run stopped after ${MAX_FAILED_READS} failed reads.` : more(run.failedReads.length, "failed reads")}`,
      hint: crashed
        ? "A session stuck to one node must move when that node is down: pick from the up nodes you are given. Your token keeps the guarantee on whichever node the session moves to."
        : "minPosition must be a position the leader gave the session (a write's or a read's), never one past it: a follower waits for it only so long.",
      ...witnessAt(run.history, "unavailable", failed.op),
      details,
    };
  }

  const share = run.reads.length === 0 ? 0 : leaderReads / run.reads.length;
  if (share > MAX_LEADER_SHARE)
    return {
      verdict: "fail",
      diagnosis: `Too much load on the leader: it served ${leaderReads} of ${run.reads.length} reads (${percent(share)}); at most ${percent(MAX_LEADER_SHARE)} may go to it. Every session read its own writes, but the followers sat idle while the node that takes every write served the reads too.`,
      hint: "A follower can serve a session's read safely when it has applied the session's token: send the read there with minPosition, and let the follower wait for it.",
      details,
    };

  const afterCrash = (r: ReadDone) => run.crashes.some((c) => c.atOp < r.op);
  const survived = run.reads.filter(afterCrash).length;
  return {
    verdict: "pass",
    diagnosis: `All ${run.sessions.length} sessions read their own writes and never saw time go backwards, over ${run.reads.length} reads: ${leaderReads} served by the leader (${percent(share)}), ${run.reads.length - leaderReads} by followers, ${survived} of them after ${run.crashes.map((c) => c.node).join(", ")} crashed.`,
    details,
  };
}

/**
 * The vote's grade, in order of harm: did a read return a value no honest replica held (the
 * traitor's forgery, replay or equivocation accepted); then did every read decide before its
 * deadline (available while the traitor lies and one honest replica is slow).
 */
import { witnessAt } from "@/lib/checkers";
import type { Grade } from "@/lib/labs/types";
import type { Cell } from "./lies";
import type { ByzantineRun, ReadDone, Reply } from "./scenario";
import { F, READ_DEADLINE_MS } from "./settings";

export const showCell = (c: Cell) => `${JSON.stringify(c.value)} (version ${c.version})`;
const same = (a: Cell, b: Cell) => a.value === b.value && a.version === b.version;
const showReplies = (replies: Reply[]) => replies.map((r) => `${r.replica} ${JSON.stringify(r.value)} v${r.version}`).join(", ");
const showRead = (r: ReadDone) => `${r.reader}'s read in round ${r.round + 1} (operation ${r.op})`;
const distinct = (replies: Reply[]) => [...new Set(replies.map((r) => r.replica))];

const LIE_WORDS = {
  forge: "a value it made up, with a version ahead of the real one",
  replay: "the first value ever written, replayed — honest replicas held it once, long ago",
  equivocate: "a made-up value, a different one to each reader",
  "forge-value": "a made-up value under the real version",
  "forge-version": "the real value under a made-up version",
} as const;

const slowOnes = (run: ByzantineRun) => [...new Set(run.reads.flatMap((r) => (r.slow ? [r.slow] : [])))].join(", ") || "no replica";

export function gradeVote(run: ByzantineRun): Grade {
  const details = { traitor: run.traitor, n: run.n, reads: run.reads };
  const roles = (r: ReadDone) => `${run.traitor} was the traitor${r.slow ? ` and ${r.slow} the slow honest replica` : ""}`;

  const forged = run.reads.filter((r) => r.decided && !same(r.decided, r.honest));
  const first = forged[0];
  if (first) {
    const senders = first.replies.filter((r) => same(r, first.decided!));
    const vouchers = distinct(senders);
    const countedReplies = senders.length > vouchers.length;
    return {
      verdict: "fail",
      diagnosis: `${showRead(first)} returned ${showCell(first.decided!)}, which no honest replica held: they all held ${showCell(first.honest)}. The traitor ${run.traitor} had sent ${LIE_WORDS[first.lie]}; your vote accepted it after the replies ${showReplies(first.replies)} — vouched for by ${vouchers.length === 1 ? `one replica only (${vouchers[0]})` : vouchers.join(", ")}${countedReplies ? `, in ${senders.length} replies` : ""}.${forged.length > 1 ? ` ${forged.length} of ${run.reads.length} reads returned a value no honest replica held.` : ""}`,
      hint: countedReplies
        ? `Count replicas, not replies: a liar can send the same reply twice. Accept a value only when f + 1 = ${F + 1} different replicas sent it.`
        : `One replica proves nothing — it may be the traitor, and a higher version is just a number it can make up. Accept a value only when f + 1 = ${F + 1} different replicas sent the same value and version.`,
      ...witnessAt(run.history, "forged-read", first.op),
      details,
    };
  }

  const stuck = run.reads.filter((r) => !r.decided);
  const late = stuck[0];
  if (late) {
    const honestReplies = distinct(late.replies.filter((r) => r.replica !== run.traitor && same(r, late.honest)));
    const couldDecide = honestReplies.length >= F + 1;
    return {
      verdict: "fail",
      diagnosis: `Unavailable: ${showRead(late)} had not decided after ${READ_DEADLINE_MS} ms. It had the replies ${showReplies(late.replies) || "(none)"}; ${roles(late)}. ${couldDecide ? `${honestReplies.join(" and ")} — ${honestReplies.length} different replicas — agreed on ${showCell(late.honest)}, which is f + 1 = ${F + 1}: enough to be sure one of them is honest.` : `Only ${honestReplies.length} honest replica${honestReplies.length === 1 ? "" : "s"} answered in time, fewer than the f + 1 = ${F + 1} that must agree.`}${stuck.length > 1 ? ` ${stuck.length} of ${run.reads.length} reads never decided.` : ""}`,
      hint: couldDecide
        ? "A vote that waits for a majority, for 2f + 1, or for every replica waits for a replica that may be slow or lying: f + 1 matching replies from different replicas are enough, because at most f of them can lie."
        : "While f replicas may stay silent, a read can count on only n − f replies, and f of those may be lies: n − 2f must still be at least f + 1.",
      ...witnessAt(run.history, "undecided-read", late.op),
      details,
    };
  }

  const lies = new Set(run.reads.map((r) => r.lie));
  const replies = Math.round(run.reads.reduce((sum, r) => sum + r.replies.length, 0) / run.reads.length);
  return {
    verdict: "pass",
    diagnosis: `All ${run.reads.length} reads returned the value the honest replicas held, each after about ${replies} replies, while ${run.traitor} lied and ${slowOnes(run)} took turns being too slow. The traitor's ${[...lies].join(", ")} lies were never accepted.`,
    details,
  };
}
